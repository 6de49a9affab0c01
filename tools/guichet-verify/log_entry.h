// One entry of the public log of claims (docs/claims.md, "The public log of
// claims"): a line of /log/entries/NNNNNN.jsonl, read as untrusted bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet::verify {

constexpr int64_t kEntriesPerSegment = 1000;
extern const char kZeroHash[];  // 64 zeros: entry 1's prev, and the head of an empty log

struct LogEntry {
    int64_t index = 0;
    int64_t rank = 0;
    std::string prev;  // 64 lowercase hex
    std::string claim_id;
    std::string dossier_sha256;
    std::string received_at;
};

// The entry in `line` (its text without the newline), or nullopt with `why`
// set. Members may come in any order; unknown members are ignored (the hash
// covers the bytes, whatever they hold).
std::optional<LogEntry> parse_log_entry(std::string_view line, std::string& why);

// The entry's hash: hex SHA-256 of the line's bytes.
std::string log_entry_hash(std::string_view line);

// "entries/000001.jsonl" for entries 1…1000, "entries/000002.jsonl" for 1001…
std::string segment_path(int64_t index);
// The first entry of the segment that holds `index`.
int64_t segment_start(int64_t index);

bool lowercase_hex(std::string_view text, size_t length);
// "2026-02-16T13:30:00.412Z": UTC to the millisecond, so that two compare as text.
bool utc_millis(std::string_view text);

}  // namespace guichet::verify
