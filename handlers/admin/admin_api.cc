#include "admin/admin_api.h"

#include "domain/audit.h"
#include "base/clock.h"
#include "http/csrf.h"

namespace guichet::admin {

std::string body_or_empty_object(const Request& request) {
    std::string body = request.body(kBodyLimit);
    return body.empty() ? "{}" : body;
}

void audit(Context& context, const Request& request, const std::string& who, const std::string& action,
           const json_t* before, const json_t* after) {
    Transaction tx(context.db, Transaction::write);
    append_audit(context.db, who, action, before, after, request.remote_addr(), context.clock->now());
    tx.commit();
}

namespace {

// Cross-site check first, then the session (the route table has checked
// method, path and body).
Admin same_origin_admin(const Request& request, Context& context) {
    require_same_origin(request, context.origin);
    return require_admin(request, context);
}

template <const char* Sub>
Response banner(const Request& request, Context& context) {
    return banner_route(request, context, same_origin_admin(request, context), Sub);
}
template <const char* Sub>
Response window(const Request& request, Context& context) {
    return window_route(request, context, same_origin_admin(request, context), Sub);
}
template <const char* Report>
Response report(const Request& request, Context& context) {
    return report_route(request, context, require_admin(request, context), Report);
}

Response review_list(const Request& request, Context& context) {
    return review_route(request, context, require_admin(request, context));
}
Response review_decide(const Request& request, Context& context) {
    return review_route(request, context, same_origin_admin(request, context));
}

Response session_login(const Request& request, Context& context) {
    require_same_origin(request, context.origin);
    return login(request, context);
}
Response session_show(const Request& request, Context& context) {
    return session_info(same_origin_admin(request, context));
}
Response session_logout(const Request& request, Context& context) {
    return logout(request, context, same_origin_admin(request, context));
}

constexpr char kNone[] = "", kPreview[] = "preview", kTemplates[] = "templates", kPause[] = "pause",
               kResume[] = "resume", kClose[] = "close", kDraw[] = "draw", kStats[] = "stats",
               kClaimsCsv[] = "claims.csv", kClaimsJson[] = "claims.json", kAudit[] = "audit",
               kAuditCsv[] = "audit.csv", kDuplicates[] = "duplicates", kDuplicatesCsv[] = "duplicates.csv";

const RouteTable<Context> kRoutes = {
    {{{"GET"}, "/api/admin/session", "", kNoBody}, session_show},
    {{{"POST"}, "/api/admin/session", "", kBodyLimit}, session_login},
    {{{"DELETE"}, "/api/admin/session", "", kNoBody}, session_logout},
    {{{"GET", "PUT"}, "/api/admin/banner", "", kBodyLimit}, banner<kNone>},
    {{{"POST"}, "/api/admin/banner/preview", "", kBodyLimit}, banner<kPreview>},
    {{{"GET"}, "/api/admin/banner/templates", "", kNoBody}, banner<kTemplates>},
    {{{"GET", "PUT"}, "/api/admin/window", "", kBodyLimit}, window<kNone>},
    {{{"POST"}, "/api/admin/window/pause", "", kBodyLimit}, window<kPause>},
    {{{"POST"}, "/api/admin/window/resume", "", kBodyLimit}, window<kResume>},
    {{{"POST"}, "/api/admin/window/close", "", kBodyLimit}, window<kClose>},
    {{{"POST"}, "/api/admin/window/draw", "", kBodyLimit}, window<kDraw>},
    {{{"GET"}, "/api/admin/stats", "", kNoBody}, report<kStats>},
    {{{"GET"}, "/api/admin/claims.csv", "", kNoBody}, report<kClaimsCsv>},
    {{{"GET"}, "/api/admin/claims.json", "", kNoBody}, report<kClaimsJson>},
    {{{"GET"}, "/api/admin/duplicates", "", kNoBody}, report<kDuplicates>},
    {{{"GET"}, "/api/admin/duplicates.csv", "", kNoBody}, report<kDuplicatesCsv>},
    {{{"GET"}, "/api/admin/audit", "", kNoBody}, report<kAudit>},
    {{{"GET"}, "/api/admin/audit.csv", "", kNoBody}, report<kAuditCsv>},
    {{{"GET"}, "/api/admin/review", "", kNoBody}, review_list},
    {{{"PUT"}, "/api/admin/review/{claim_id}", "", kBodyLimit}, review_decide},
};

}  // namespace

const RouteTable<Context>& routes() { return kRoutes; }

Response handle(const Request& request, Context& context) { return dispatch(kRoutes, request, context); }

}  // namespace guichet::admin
