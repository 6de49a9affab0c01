// Claims refused because another account's claim holds the same identity
// (db/migrations/0014_identity.sql): recorded by the claim under its lock,
// listed for administrators (GET /api/admin/duplicates and duplicates.csv,
// `guichet-admin duplicates`) and counted in the live figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "store/db.h"

namespace guichet {

// The claim_id of the claim that holds the identity (a 32-byte hash), if any.
std::optional<std::string> identity_holder(Db& db, const std::string& identity_hash);

// Records a refused attempt at `now`, inside the caller's write transaction:
// a new row, or one more attempt on the account's row for that identity.
void record_duplicate(Db& db, int64_t account_id, const std::string& identity_hash, const std::string& claim_id,
                      int64_t now);

struct DuplicateRow {
    int64_t attempted_at = 0;  // the first refused attempt
    int64_t last_at = 0;
    int64_t attempts = 0;
    std::string email;  // the refused account
    std::string name;
    int64_t claim_arrival_rank = 0;  // the claim holding the identity
    std::string claim_id;
    int64_t claim_received_at = 0;
    std::string claim_outcome;
    std::string claim_email;
    std::string claim_name;
    std::string identity;  // hex of the keyed hash: groups the rows of one person
};

// Every refused attempt, oldest first, inside the caller's (read) transaction.
std::vector<DuplicateRow> read_duplicates(Db& db);
// {duplicates: accounts and identities refused, duplicate_attempts: attempts in all}
struct DuplicateCounts {
    int64_t duplicates = 0;
    int64_t attempts = 0;
};
DuplicateCounts count_duplicates(Db& db);

// attempted_at,last_at,attempts,email,name,claim_arrival_rank,claim_id,claim_received_at,
// claim_outcome,claim_email,claim_name,identity with a header row (formula-safe).
std::string duplicates_csv(const std::vector<DuplicateRow>& rows);
// {"duplicates": [{the same members}], "count"}
Json duplicates_json(const std::vector<DuplicateRow>& rows);

}  // namespace guichet
