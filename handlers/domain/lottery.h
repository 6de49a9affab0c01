// The lottery's arithmetic, shared by the draw (guichet-admin draw, the admin
// handler), the verifier (guichet-verify draw) and the tests:
//
//   key(claim_id) = lowercase hex of HMAC-SHA256(seed, claim_id)
//
// where seed is the 32 raw bytes and claim_id the ASCII text of the public
// identifier. Claims are ranked by key ascending (ties are a 2^-256 event,
// broken by claim_id). The order of the input list does not matter, so the
// ranking depends on the seed and the set of claims of the period only.
//
// The commitment published before anyone can claim is the lowercase hex of
// SHA-256(seed).
#pragma once

#include <string>
#include <vector>

#include "store/db.h"
#include "crypto/random.h"

namespace guichet {

std::string lottery_key(const std::string& seed, const std::string& claim_id);
// The claim ids in drawn order (first = draw rank 1).
std::vector<std::string> lottery_ranking(const std::string& seed, std::vector<std::string> claim_ids);
std::string seed_commitment(const std::string& seed);

// After store_window, in the same write transaction: a lottery window gets a
// seed (drawn once from `random`, then kept while the window is rescheduled,
// so the published commitment never changes) and its commitment; a window
// switched to fcfs before opening loses both. store_window already refuses a
// policy change once the window has opened, so the seed cannot change then.
void prepare_lottery_seed(Db& db, Random& random, int64_t now);

// The secret seed (32 bytes), or "" when none was drawn.
std::string load_lottery_seed(Db& db);

}  // namespace guichet
