// Publishing the public log of claims (docs/claims.md): the entries as static
// segments, and a signed checkpoint of the chain's head and count, in a folder
// nginx serves at /log/:
//   entries/NNNNNN.jsonl   entries (N-1)*1000+1 .. N*1000, one text per line
//   checkpoint.json        {"checkpoint": text, "signature": base64 r||s}
//   checkpoints/N.json     the first checkpoint published with count N
// The checkpoint's text: {"count","head","log","program","published_at",
// "window"}, compact with sorted keys, signed with the receipt key.
//
// Entries are written before the checkpoint that covers them, each file by an
// atomic rename, so a reader never sees a checkpoint ahead of its entries.
// Several claim workers may publish: one at a time (a lock file in the
// folder); the others skip that round.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "crypto/ecdsa.h"
#include "crypto/random.h"
#include "store/db.h"

namespace guichet {

inline constexpr int64_t kLogSegment = 1000;
inline constexpr const char* kLogName = "guichet-claims-1";

// Makes the folder's entries/ and checkpoints/ (before the sandbox).
void prepare_log_dir(const std::string& dir);

struct Published {
    int64_t count = 0;
    std::string window;  // the window's state when it was published
};

// What checkpoint.json says, if it is there and readable.
std::optional<Published> read_published(const std::string& dir);

// One round: when the log's count or the window's state differs from the
// published checkpoint, writes the new entries and a new checkpoint, and
// returns true. False when nothing changed or another worker is publishing.
bool publish_log(Db& db, const std::string& dir, const std::string& program, const EcKey& key, Random& random,
                 int64_t now);

}  // namespace guichet
