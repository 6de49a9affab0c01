// The ranked list of claims, for the ministry: the final rank, the order of
// arrival, claim time to the millisecond, outcome, the candidate's name and
// email, and the digest of the dossier as claimed. As CSV (formula-safe, see
// csv.h) or JSON.
//
// `rank` means one thing here as on the receipts: the rank that decides the
// outcome. Under fcfs it is the order of arrival; under the lottery it is the
// draw's rank once the draw has run, and there is none before. The order of
// arrival is `arrival_rank` (claims.rank in the database, the sequence every
// claim takes under the claim lock).
#pragma once

#include <jansson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "store/db.h"

namespace guichet {

struct ClaimRow {
    std::optional<int64_t> rank;  // final; none before a lottery's draw
    int64_t arrival_rank = 0;
    std::string claim_id;
    int64_t received_at = 0;
    std::string outcome;
    std::string name;
    std::string email;
    std::string dossier_sha256;
    std::string review;     // accepted | rejected | "" (domain/review.h)
};

// Every claim by its final rank (in arrival order while there is none),
// inside the caller's (read) transaction.
std::vector<ClaimRow> read_claims(Db& db);
// rank,arrival_rank,claim_id,received_at,outcome,name,email,dossier_sha256,review
// with a header row; rank is empty before a lottery's draw, review is
// accepted, rejected or empty.
std::string claims_csv(const std::vector<ClaimRow>& rows);
// {"claims": [{rank (null before a lottery's draw), arrival_rank, claim_id,
// received_at, outcome, name, email, dossier_sha256, review?}], "count"}
Json claims_json(const std::vector<ClaimRow>& rows);

}  // namespace guichet
