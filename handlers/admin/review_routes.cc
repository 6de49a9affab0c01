// Review from the console: the claims that hold or held a place with their
// decision and offer (GET /api/admin/review), and one decision
// (PUT /api/admin/review/{claim_id} {decision, reason}). The rules are
// domain/review.h's, shared with `guichet-admin review`; both sweep expired
// offers first, so what the reviewer sees and decides on is current.
#include "admin/admin_api.h"
#include "base/clock.h"
#include "base/json.h"
#include "domain/review.h"
#include "http/input.h"

namespace guichet::admin {

namespace {

const std::vector<FieldSpec> kDecisionFields = {
    {"decision", FieldType::text, true, 1, 16},
    {"reason", FieldType::text, true, 1, static_cast<int64_t>(kReasonMax)},
};

// The {claim_id} segment: 32 lowercase hex digits, else 404.
std::string claim_id_of(const Request& request) {
    static const std::string prefix = "/api/admin/review/";
    std::string path = request.path();
    std::string id = path.size() > prefix.size() ? path.substr(prefix.size()) : "";
    bool hex = id.size() == 32;
    for (char c : id) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (!hex) throw ApiError(Err::not_found, "claim id");
    return id;
}

}  // namespace

Response review_route(const Request& request, Context& context, const Admin& admin) {
    Db& db = context.db;
    int64_t now = context.clock->now();
    Actor actor{admin.name, request.remote_addr()};
    if (request.method() == "GET") {
        sweep_offers(db, now, context.promotion_ms, actor);
        Transaction tx(db, Transaction::read);
        Json body = review_list_json(db);
        json_object_set_new(body.get(), "server_time", json_str(format_time(now)));
        json_object_set_new(body.get(), "promotion_days", json_integer(context.promotion_ms / (24 * 3600 * 1000)));
        return json_response(200, body.get());
    }
    std::string claim_id = claim_id_of(request);
    Input input = parse_input(request.body(4096), kDecisionFields);
    ReviewDecision made =
        decide_review(db, claim_id, input.text("decision"), input.text("reason"), now, context.promotion_ms, actor);
    Json body(json_object());
    json_object_set_new(body.get(), "claim_id", json_str(made.claim_id));
    json_object_set_new(body.get(), "decision", json_str(made.decision));
    json_object_set_new(body.get(), "reason", json_str(made.reason));
    json_object_set_new(body.get(), "decided_by", json_str(made.decided_by));
    json_object_set_new(body.get(), "decided_at", json_str(format_time(made.decided_at)));
    json_object_set_new(body.get(), "changed", json_boolean(made.changed));
    json_object_set_new(body.get(), "promoted", made.promoted.empty() ? json_null() : json_str(made.promoted));
    return json_response(200, body.get());
}

}  // namespace guichet::admin
