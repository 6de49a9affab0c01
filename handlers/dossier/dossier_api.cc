#include "dossier/dossier_api.h"

#include "base/clock.h"
#include "domain/compliance.h"
#include "http/csrf.h"
#include "base/json.h"
#include "http/session_cookie.h"
#include "dossier/dossier_merge.h"
#include "dossier/dossier_view.h"

namespace guichet::dossier {

namespace {

constexpr size_t kBodyLimit = 64 * 1024;

Response show(const Request& request, Context& context, int64_t account_id) {
    StoredDossier dossier;
    {
        Transaction tx(context.db, Transaction::read);
        dossier = load_dossier(context.db, account_id);
    }
    Json body(dossier_json(dossier, context.program, utc_day(context.clock->now()), request.lang()));
    return json_response(200, body.get());
}

Response save(const Request& request, Context& context, int64_t account_id) {
    // Everything about the input is checked before the write lock is taken.
    Json changes = parse_changes(request.body(kBodyLimit), context.program, utc_day(context.clock->now()));
    StoredDossier dossier;
    {
        Transaction tx(context.db, Transaction::write);
        dossier = load_dossier(context.db, account_id);
        if (dossier.locked) throw ApiError(Err::dossier_locked);
        dossier.fields = merge_changes(dossier.fields.get(), changes.get());
        dossier.updated_at = context.clock->now();
        Stmt stmt = context.db.prepare(
            "INSERT INTO dossiers (account_id, fields, updated_at) VALUES (?1, ?2, ?3) "
            "ON CONFLICT (account_id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at");
        stmt.bind(1, account_id).bind(2, json_dump(dossier.fields.get())).bind(3, dossier.updated_at);
        stmt.run();
        tx.commit();
    }
    Json body(dossier_json(dossier, context.program, utc_day(context.clock->now()), request.lang()));
    return json_response(200, body.get());
}

}  // namespace

namespace {

// The cross-site check, then the session, then the route's own work.
template <Response (*Work)(const Request&, Context&, int64_t)>
Response for_candidate(const Request& request, Context& context) {
    require_same_origin(request, context.config.origin);
    return Work(request, context, require_live_session(context.db, request, context.config, context.clock->now()).account_id);
}

const RouteTable<Context> kRoutes = {
    {{{"GET"}, "/api/dossier", "", kNoBody}, for_candidate<show>},
    {{{"PUT"}, "/api/dossier", "", kBodyLimit}, for_candidate<save>},
};

}  // namespace

const RouteTable<Context>& routes() { return kRoutes; }

Response handle(const Request& request, Context& context) { return dispatch(kRoutes, request, context); }

}  // namespace guichet::dossier
