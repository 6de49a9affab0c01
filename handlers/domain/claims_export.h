// The ranked list of claims, for the ministry: rank, claim time to the
// millisecond, outcome, the candidate's name and email, and the digest of the
// dossier as claimed. As CSV (formula-safe, see csv.h) or JSON.
#pragma once

#include <jansson.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.h"
#include "store/db.h"

namespace guichet {

struct ClaimRow {
    int64_t rank = 0;
    std::string claim_id;
    int64_t received_at = 0;
    std::string outcome;
    int64_t draw_rank = 0;  // 0 when none
    std::string name;
    std::string email;
    std::string dossier_sha256;
    std::string review;     // accepted | rejected | "" (domain/review.h)
};

// Every claim in rank order, inside the caller's (read) transaction.
std::vector<ClaimRow> read_claims(Db& db);
// rank,claim_id,received_at,outcome,draw_rank,name,email,dossier_sha256,review with a header row.
std::string claims_csv(const std::vector<ClaimRow>& rows);
// {"claims": [{rank, claim_id, received_at, outcome, draw_rank?, name, email, dossier_sha256, review?}], "count"}
Json claims_json(const std::vector<ClaimRow>& rows);

}  // namespace guichet
