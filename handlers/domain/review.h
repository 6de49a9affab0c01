// Review of granted claims (db/migrations/0016_review.sql): an administrator
// marks each claim that holds a place accepted or rejected, with a reason, by
// the console (PUT /api/admin/review/{claim_id}) or `guichet-admin review`.
// A decision is final and audited; a rejection frees the place for the next in
// line (domain/promotion.h) and tells the candidate (`review_rejected` email),
// all in one write transaction.
//
// Safe with several reviewers at once: each decision is one BEGIN IMMEDIATE
// transaction that sweeps expired offers first, then reads the claim's
// decision again under the lock. The same decision again is a no-op (changed =
// false, nothing written); another one is 409 already_reviewed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/json.h"
#include "domain/promotion.h"
#include "store/db.h"

namespace guichet {

struct ReviewDecision {
    std::string claim_id;
    std::string decision;   // accepted | rejected
    std::string reason;
    std::string decided_by;
    int64_t decided_at = 0;
    bool changed = false;   // false: the same decision was already recorded
    std::string promoted;   // the claim offered the freed place ("" when none)
};

// Longest reason kept (bytes of UTF-8).
inline constexpr size_t kReasonMax = 1000;

// Throws ApiError not_found (no such claim), not_reviewable (409: the claim
// holds no place, or holds an offer it has not confirmed), already_reviewed
// (409, with `decision`), invalid (422: decision not accepted|rejected, or an
// empty reason).
ReviewDecision decide_review(Db& db, const std::string& claim_id, const std::string& decision,
                             const std::string& reason, int64_t now, int64_t confirm_ms, const Actor& actor);

// {"claims": [{claim_id, rank, draw_rank, received_at, name, email, outcome,
//   review: {decision, reason, decided_by, decided_at} | null,
//   offer: {offered_at, confirm_by, confirmed_at, expired_at, freed_by} | null}],
//  "counts": {holding, accepted, rejected, undecided, offers_open}}
// The claims that hold or held a place (granted, rejected, offered), in the
// policy's order. A read in the caller's transaction.
Json review_list_json(Db& db);

// The candidate's own review, for GET /api/claim: {decision, reason, decided_at}.
std::optional<ReviewDecision> find_review(Db& db, const std::string& claim_id);

}  // namespace guichet
