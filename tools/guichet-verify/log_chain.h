// Walking the public log's hash chain, entry 1 to a checkpoint's count, one
// segment file at a time: each line an entry, each index the one before plus
// one, each prev the hash of the one before, each signed head where it belongs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tools/guichet-verify/log_entry.h"
#include "tools/guichet-verify/verify_receipt.h"

namespace guichet::verify {

// Where the published files come from: a local copy of /log/ (log_directory.h),
// or memory in the tests. Paths are relative to /log/: "checkpoint.json",
// "entries/000001.jsonl", "checkpoints/12.json".
class LogSource {
public:
    virtual ~LogSource() = default;
    virtual std::optional<std::string> read(const std::string& path) = 0;
    // The names in checkpoints/ ("12.json"), in any order.
    virtual std::vector<std::string> checkpoint_names() = 0;
};

// A signed head the chain must pass through: entry `count` hashes to `head`.
struct Anchor {
    std::string head;
    std::string what;  // for people: "the checkpoint", "checkpoints/12.json", "your older checkpoint"
};

struct ChainCheck {
    Verdict verdict = Verdict::unreadable;
    std::string problem;
    int64_t uncovered = 0;  // whole lines after `through` in its segment (published ahead of a checkpoint)
};

// Sees each entry and its hash in order; a non-empty answer stops the walk as
// the problem (the receipt's own entry is judged before the link after it).
using EntryCheck = std::function<std::string(const LogEntry& entry, const std::string& hash)>;

// Entries 1…through. Anchors are keyed by count (≤ through). A segment that
// cannot be read is unreadable; anything wrong in what was read is invalid.
ChainCheck check_chain(LogSource& source, int64_t through, const std::multimap<int64_t, Anchor>& anchors,
                       const EntryCheck& on_entry = nullptr);

}  // namespace guichet::verify
