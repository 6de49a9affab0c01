#include "claim/claim_api.h"

#include "claim/claim_place.h"
#include "claim/claim_standing.h"
#include "claim/receipt.h"
#include "base/clock.h"
#include "http/csrf.h"
#include "base/encoding.h"
#include "base/json.h"
#include "domain/promotion.h"
#include "http/session_cookie.h"

namespace guichet::claim {

namespace {

constexpr size_t kBodyLimit = 1024;

// The 422 with the same problems GET /api/dossier shows.
Response not_compliant_response(const Compliance& compliance, const Program& program, Lang lang) {
    Response response = error_response(ApiError(Err::not_compliant, compliance_fields(compliance)), lang);
    Json body = json_parse_object(response.body);
    Json details(compliance_json(compliance, program, lang));
    json_object_set(body.get(), "problems", json_object_get(details.get(), "problems"));
    response.body = json_dump(body.get()) + "\n";
    return response;
}

Response answer(int status, const ClaimOutcome& claim, Reader& reader) {
    return receipt_response(status, claim.receipt, claim.signature, reader.key, reader.random);
}

Response get_claim(const Request& request, Context& context, Reader& reader) {
    Session session;
    {
        Transaction tx(reader.db, Transaction::read);
        session = require_session(reader.db, request, context.config, context.clock->now());
    }
    return standing_response(context, reader, session.account_id);
}

// The candidate confirms the place offered to them from the waiting list
// (domain/promotion.h), then sees their receipt as GET shows it.
Response confirm_claim(const Request& request, Context& context, Reader& reader) {
    require_same_origin(request, context.config.origin);
    Session session;
    {
        Transaction tx(reader.db, Transaction::read);
        session = require_session(reader.db, request, context.config, context.clock->now());
    }
    std::string body = request.body(kBodyLimit);
    if (!body.empty()) json_parse_object(body);
    confirm_offer(reader.db, session.account_id, context.clock->now(), context.promotion_ms);
    return standing_response(context, reader, session.account_id);
}

Response post_claim(const Request& request, Context& context, Reader& reader) {
    require_same_origin(request, context.config.origin);
    // Everything that does not need the write lock is done first, in one read snapshot.
    Session session;
    std::optional<ClaimOutcome> earlier;
    std::optional<Window> window;
    std::optional<DossierJudgment> judgment;
    {
        Transaction tx(reader.db, Transaction::read);
        session = require_session(reader.db, request, context.config, context.clock->now());
        earlier = find_claim(reader.db, session.account_id);
        window = load_window(reader.db);
        // The dossier judged here, outside the lock; the committer only checks
        // that its rows are unchanged (dossier_judgment.h). A dossier this
        // fails to judge (an identity that does not parse, the database
        // failing) is judged under the lock, which refuses it as it always did.
        if (!earlier) {
            try {
                judgment = judge_dossier(reader.db, context.program, context.committer.identity_key(),
                                         session.account_id, context.clock->now());
            } catch (const std::exception&) {
                judgment.reset();
            }
        }
    }
    // The claim takes no input: an empty body or a JSON object, whose members are ignored.
    std::string body = request.body(kBodyLimit);
    if (!body.empty()) json_parse_object(body);
    if (earlier) return answer(200, *earlier, reader);
    require_window_open(window, context.clock->now());  // early, cheap refusal; checked again under the lock

    std::string claim_id = hex_encode(reader.random.bytes(16));
    ClaimOutcome outcome;
    try {
        outcome = context.committer.submit(session.account_id, claim_id, std::move(judgment));
    } catch (const NotCompliant& refusal) {
        return not_compliant_response(refusal.compliance, context.program, request.lang());
    }
    // Committed (durably: synchronous=FULL): only now answer (and sign, if the
    // signature was not made with the claim).
    return answer(outcome.created ? 201 : 200, outcome, reader);
}

}  // namespace

const RouteTable<Thread>& routes() {
    static const RouteTable<Thread> table = {
        {{{"GET"}, "/api/claim", "", kNoBody},
         [](const Request& r, Thread& t) { return get_claim(r, t.context, t.reader); }},
        {{{"POST"}, "/api/claim", "", kBodyLimit},
         [](const Request& r, Thread& t) { return post_claim(r, t.context, t.reader); }},
        {{{"POST"}, "/api/claim/confirm", "", kBodyLimit},
         [](const Request& r, Thread& t) { return confirm_claim(r, t.context, t.reader); }},
    };
    return table;
}

Response handle(const Request& request, Context& context, Reader& reader) {
    Thread thread{context, reader};
    return dispatch(routes(), request, thread);
}

}  // namespace guichet::claim
