#include "tools/guichet-verify/log_entry.h"

#include <cstdio>

#include "base/encoding.h"
#include "base/json.h"
#include "crypto/digest.h"

namespace guichet::verify {

const char kZeroHash[] = "0000000000000000000000000000000000000000000000000000000000000000";

bool lowercase_hex(std::string_view text, size_t length) {
    if (text.size() != length) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

bool utc_millis(std::string_view text) {
    static const char kShape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (text.size() != sizeof kShape - 1) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        bool ok = kShape[i] == 'd' ? (text[i] >= '0' && text[i] <= '9') : text[i] == kShape[i];
        if (!ok) return false;
    }
    return true;
}

namespace {

bool read_string(const json_t* entry, const char* name, std::string& out) {
    const json_t* value = json_object_get(entry, name);
    if (!json_is_string(value)) return false;
    out.assign(json_string_value(value), json_string_length(value));
    return true;
}

bool read_integer(const json_t* entry, const char* name, int64_t& out) {
    const json_t* value = json_object_get(entry, name);
    if (!json_is_integer(value)) return false;
    out = json_integer_value(value);
    return true;
}

}  // namespace

std::optional<LogEntry> parse_log_entry(std::string_view line, std::string& why) {
    json_error_t error;
    Json value(json_loadb(line.data(), line.size(), JSON_REJECT_DUPLICATES, &error));
    if (!json_is_object(value.get())) {
        why = "not a JSON object";
        return std::nullopt;
    }
    LogEntry entry;
    if (!read_integer(value.get(), "index", entry.index) || !read_integer(value.get(), "rank", entry.rank)) {
        why = "no whole-number index and rank";
        return std::nullopt;
    }
    if (!read_string(value.get(), "prev", entry.prev) || !lowercase_hex(entry.prev, 64)) {
        why = "prev is not 64 lowercase hex digits";
        return std::nullopt;
    }
    if (!read_string(value.get(), "claim_id", entry.claim_id) ||
        !read_string(value.get(), "dossier_sha256", entry.dossier_sha256)) {
        why = "no claim_id or dossier_sha256 text";
        return std::nullopt;
    }
    if (!read_string(value.get(), "received_at", entry.received_at) || !utc_millis(entry.received_at)) {
        why = "received_at is not a UTC time to the millisecond";
        return std::nullopt;
    }
    return entry;
}

std::string log_entry_hash(std::string_view line) { return hex_encode(sha256(line)); }

int64_t segment_start(int64_t index) { return (index - 1) / kEntriesPerSegment * kEntriesPerSegment + 1; }

std::string segment_path(int64_t index) {
    char name[40];
    std::snprintf(name, sizeof name, "entries/%06lld.jsonl",
                  static_cast<long long>((index - 1) / kEntriesPerSegment + 1));
    return name;
}

}  // namespace guichet::verify
