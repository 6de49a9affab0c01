#include "claim/claim_standing.h"

#include "base/encoding.h"
#include "base/json.h"
#include "claim/claim_place.h"
#include "claim/receipt.h"
#include "domain/promotion.h"
#include "domain/review.h"

namespace guichet::claim {

namespace {

json_t* time_or_null(const std::optional<int64_t>& ms) { return ms ? json_str(format_time(*ms)) : json_null(); }

}  // namespace

Response standing_response(Context& context, Reader& reader, int64_t account_id) {
    Db& db = reader.db;
    sweep_offers(db, context.clock->now(), context.promotion_ms, Actor{"sweep", "claim"});
    std::optional<ClaimOutcome> claim;
    std::string claim_id;
    std::vector<PastReceipt> history;
    std::optional<Offer> offer;
    std::optional<ReviewDecision> review;
    {
        Transaction tx(db, Transaction::read);
        claim = find_claim(db, account_id);
        if (!claim) throw ApiError(Err::no_claim);
        Stmt stmt = db.prepare("SELECT claim_id FROM claims WHERE account_id = ?1");
        stmt.bind(1, account_id);
        if (stmt.step()) claim_id = stmt.text(0);
        history = receipt_history(db, claim_id);
        offer = find_offer(db, claim_id);
        review = find_review(db, claim_id);
    }
    Response response = receipt_response(200, claim->receipt, claim->signature, reader.key, reader.random);
    if (history.empty() && !offer && !review) return response;
    Json body = json_parse_object(response.body);
    json_t* o = body.get();
    json_t* past = json_array();
    for (const PastReceipt& entry : history) {
        json_t* item = json_object();
        json_object_set_new(item, "receipt", json_str(entry.receipt));
        json_object_set_new(item, "signature",
                            json_str(entry.signature ? *entry.signature
                                                     : base64_encode(reader.key.sign_deterministic(entry.receipt,
                                                                                                   reader.random))));
        json_object_set_new(item, "replaced_by", json_str(entry.replaced_by));
        json_array_append_new(past, item);
    }
    json_object_set_new(o, "history", past);
    if (offer) {
        json_object_set_new(o, "confirm_by", json_str(format_time(offer->confirm_by)));
        json_object_set_new(o, "confirmed_at", time_or_null(offer->confirmed_at));
        json_object_set_new(o, "offer_expired_at", time_or_null(offer->expired_at));
    }
    if (review) {
        json_t* value = json_object();
        json_object_set_new(value, "decision", json_str(review->decision));
        json_object_set_new(value, "reason", json_str(review->reason));
        json_object_set_new(value, "decided_at", json_str(format_time(review->decided_at)));
        json_object_set_new(o, "review", value);
    }
    response.body = json_dump(o) + "\n";
    return response;
}

}  // namespace guichet::claim
