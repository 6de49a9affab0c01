// The public log of claims (docs/claims.md, "The public log of claims"): a
// hash chain with one entry per claim, appended under the claim lock in the
// claim's own transaction, published as static files by the claim pool
// (claim/log_publisher.h) with signed checkpoints.
//
// An entry is a compact JSON text with sorted keys:
//   {"claim_id","dossier_sha256","index","prev","rank","received_at"}
// its hash the hex SHA-256 of that text; prev the previous entry's hash (64
// zeros for index 1). No name, address or passport is in it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"

namespace guichet {

// The previous hash of entry 1.
inline const std::string kLogGenesis(64, '0');

struct LogFacts {
    int64_t rank = 0;  // the arrival rank (claims.rank)
    std::string claim_id;
    int64_t received_at = 0;  // ms
    std::string dossier_sha256;
};

struct LogEntry {
    int64_t index = 0;
    std::string text;
    std::string hash;  // hex SHA-256 of text
};

struct LogHead {
    int64_t count = 0;
    std::string hash = kLogGenesis;  // the last entry's, or kLogGenesis
};

std::string log_entry_text(int64_t index, const LogFacts& facts, const std::string& prev);
std::string log_hash(const std::string& text);

LogHead log_head(Db& db);

// Appends the claim about to be recorded (its rank is the next), inside the
// caller's write transaction. Claims of rank below it that have no entry (made
// before the log existed) are appended first, in rank order, so that index
// and rank stay one. Throws on a write error (the caller rolls back).
LogEntry append_claim_log(Db& db, const LogFacts& facts);

// The same in two steps, for a transaction that appends several claims: the
// head, once the claims of rank below `next_rank` all have their entry (the
// missing ones appended as above); then each append at that head, which it
// moves on. The head is the transaction's: a rollback leaves it wrong.
LogHead log_head_before(Db& db, int64_t next_rank);
LogEntry append_at(Db& db, LogHead& head, const LogFacts& facts);

// Entries first..last (1-based, inclusive), in order.
std::vector<LogEntry> log_entries(Db& db, int64_t first, int64_t last);

}  // namespace guichet
