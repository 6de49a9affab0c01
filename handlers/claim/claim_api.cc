#include "claim/claim_api.h"

#include "claim/claim_place.h"
#include "claim/receipt.h"
#include "common/clock.h"
#include "common/csrf.h"
#include "common/encoding.h"
#include "common/json.h"
#include "common/session.h"

namespace guichet::claim {

namespace {

constexpr size_t kBodyLimit = 1024;

// The 422 with the same problems GET /api/dossier shows.
Response not_compliant_response(const Compliance& compliance, const Program& program, Lang lang) {
    Response response = error_response(ApiError("not_compliant", compliance_fields(compliance)), lang);
    Json body = json_parse_object(response.body);
    Json details(compliance_json(compliance, program, lang));
    json_object_set(body.get(), "problems", json_object_get(details.get(), "problems"));
    response.body = json_dump(body.get()) + "\n";
    return response;
}

Response get_claim(const Request& request, Context& context) {
    std::optional<std::string> receipt;
    {
        Transaction tx(context.db, Transaction::read);
        Session session = require_session(context.db, request, context.config);
        receipt = find_receipt(context.db, session.account_id);
    }
    if (!receipt) throw ApiError("no_claim");
    return receipt_response(200, *receipt, context.key, context.random);
}

Response post_claim(const Request& request, Context& context) {
    require_same_origin(request, context.config.origin);
    // Everything that does not need the write lock is done first, in one read snapshot.
    Session session;
    std::optional<std::string> earlier;
    std::optional<Window> window;
    {
        Transaction tx(context.db, Transaction::read);
        session = require_session(context.db, request, context.config);
        earlier = find_receipt(context.db, session.account_id);
        window = load_window(context.db);
    }
    // The claim takes no input: an empty body or a JSON object, whose members are ignored.
    std::string body = request.body(kBodyLimit);
    if (!body.empty()) json_parse_object(body);
    if (earlier) return receipt_response(200, *earlier, context.key, context.random);
    require_window_open(window, now_ms());  // early, cheap refusal; checked again under the lock

    std::string claim_id = hex_encode(context.random.bytes(16));
    ClaimOutcome outcome;
    try {
        outcome = claim_place(context.db, context.program, session.account_id, claim_id);
    } catch (const NotCompliant& refusal) {
        return not_compliant_response(refusal.compliance, context.program, request.lang());
    }
    // Committed (durably: synchronous=FULL): only now sign and answer.
    return receipt_response(outcome.created ? 201 : 200, outcome.receipt, context.key, context.random);
}

}  // namespace

Response handle(const Request& request, Context& context) {
    if (request.path() != "/api/claim") throw ApiError("not_found");
    std::string method = request.method();
    if (method == "POST") return post_claim(request, context);
    if (method == "GET" || method == "HEAD") return get_claim(request, context);
    throw ApiError("method_not_allowed", "GET, HEAD, POST");
}

}  // namespace guichet::claim
