// What GET /api/claim and POST /api/claim/confirm add beside {receipt,
// signature} once review and promotion have touched a claim
// (domain/promotion.h, domain/review.h):
//   "history": [{receipt, signature, replaced_by}], the earlier receipts,
//              oldest first, each signed (its stored signature, else
//              deterministically, as the current one);
//   "confirm_by", "confirmed_at", "offer_expired_at": a place offered from the
//              waiting list, its deadline and what became of it;
//   "review": {decision, reason, decided_at}: the decision on the dossier.
// Nothing is added for a claim that none of this happened to.
#pragma once

#include <cstdint>

#include "claim/claim_api.h"

namespace guichet::claim {

// The candidate's receipt answer (status 200) with the additions above, read
// in one snapshot after a sweep of expired offers. Throws no_claim (404).
Response standing_response(Context& context, Reader& reader, int64_t account_id);

}  // namespace guichet::claim
