#include "claim/receipt.h"

#include "base/clock.h"
#include "base/encoding.h"
#include "base/json.h"

namespace guichet::claim {

std::string receipt_text(const ReceiptFacts& facts) {
    Json receipt(json_object());
    json_t* r = receipt.get();
    json_object_set_new(r, "program", json_str(facts.program));
    json_object_set_new(r, "claim_id", json_str(facts.claim_id));
    json_object_set_new(r, "candidate", json_str(facts.candidate));
    json_object_set_new(r, "received_at", json_str(format_time(facts.received_at)));
    // "rank" decides the outcome. Waiting for the draw there is none yet: null,
    // with the order of arrival beside it, as the receipt after the draw has.
    if (facts.outcome == "pending_draw") {
        json_object_set_new(r, "rank", json_null());
        json_object_set_new(r, "arrival_rank", json_integer(facts.rank));
    } else {
        json_object_set_new(r, "rank", json_integer(facts.rank));
    }
    json_object_set_new(r, "outcome", json_str(facts.outcome));
    json_object_set_new(r, "places_total", json_integer(facts.places_total));
    json_object_set_new(r, "dossier_sha256", json_str(facts.dossier_sha256));
    if (facts.lottery) {
        json_object_set_new(r, "draw_ends_at", json_str(format_time(facts.lottery->draw_ends_at)));
        json_object_set_new(r, "seed_commitment", json_str(facts.lottery->seed_commitment));
        json_object_set_new(r, "in_draw", json_boolean(facts.lottery->in_draw));
    }
    if (facts.log_index > 0) {
        json_object_set_new(r, "log_index", json_integer(facts.log_index));
        json_object_set_new(r, "log_hash", json_str(facts.log_hash));
    }
    return json_dump(r);  // compact, sorted keys
}

Response receipt_response(int status, const std::string& receipt, const std::optional<std::string>& signature,
                          const EcKey& key, Random& random) {
    Json body(json_object());
    json_object_set_new(body.get(), "receipt", json_str(receipt));
    json_object_set_new(body.get(), "signature",
                        json_str(signature ? *signature : base64_encode(key.sign_deterministic(receipt, random))));
    return json_response(status, body.get());
}

}  // namespace guichet::claim
