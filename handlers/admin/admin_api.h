// The admin handler (guichet-admin-fcgi): everything under /api/admin/, for
// the console in static/admin/. nginx lets only the configured addresses in
// (loopback by default) and throttles POST /api/admin/session.
//
// Every request but POST /api/admin/session needs an admin session (cookie
// guichet_admin); every state-changing one must be same-origin; every action
// writes an audit row (who, what, before, after, when, from which address).
//
// Routes and statuses (errors in the contract's shape):
//   POST   /api/admin/session         200 {user}+cookie; 401 admin_bad_credentials; 422; 400
//   GET    /api/admin/session         200 {user, expires_at}; 401
//   DELETE /api/admin/session         204 (session revoked); 401
//   GET    /api/admin/banner          200 the current banner
//   PUT    /api/admin/banner          200 the published banner; 422 (level, text, unfilled placeholder)
//   POST   /api/admin/banner/preview  200 {html, json} without publishing; 422
//   GET    /api/admin/banner/templates 200 {templates}
//   GET    /api/admin/window          200 the window (public view + paused, claims_count)
//   PUT    /api/admin/window          200; 422; 409 window_locked (opening time, places or policy after opening)
//   POST   /api/admin/window/pause    200 (and an outage banner unless {"banner": false}); 409 conflict (none scheduled)
//   POST   /api/admin/window/resume   200 (and a "resumed" banner unless {"banner": false}); 409
//   POST   /api/admin/window/close    200; 409
//   POST   /api/admin/window/draw     200 {drawn_at, claims_drawn, claims_after_period, places_granted}
//                                     and /status/draw.json; 409 draw_done | conflict (no lottery); 425 draw_too_early
//   GET    /api/admin/stats           200 live figures (see domain/admin_stats.h)
//   GET    /api/admin/claims.csv      200 text/csv ranked list; GET /api/admin/claims.json 200
//   GET    /api/admin/duplicates      200 {duplicates, count}: claims refused as duplicate identities
//                                     (audited); GET /api/admin/duplicates.csv 200 text/csv
//   GET    /api/admin/audit           200 {entries} newest first (?before=ID&limit=N); GET /api/admin/audit.csv 200
//   GET    /api/admin/review          200 {claims, counts, server_time, promotion_days}: the claims that hold or held a place, with
//                                     their decision and offer (domain/review.h); expired offers are swept first
//   PUT    /api/admin/review/{claim_id} {decision: accepted|rejected, reason}
//                                     200 {claim_id, decision, reason, decided_by, decided_at, changed, promoted}
//                                     (changed false: the same decision was already recorded); 404 not_found;
//                                     409 already_reviewed (another decision, with `decision`) | not_reviewable; 422
// Any route: 401 no_session, 403 cross_site (state-changing and not same-origin),
// 404 not_found, 405 method_not_allowed, 413 too_large, 503 unavailable (database busy or down).
#pragma once

#include <memory>
#include <optional>

#include "admin/background.h"
#include "domain/admin_stats.h"
#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"
#include "domain/program.h"
#include "crypto/random.h"
#include "http/request.h"
#include "http/response.h"
#include "http/routes.h"
#include "os/sandbox.h"

namespace guichet::admin {

// The largest body any admin route reads (each reads at most its own, smaller, limit).
inline constexpr size_t kBodyLimit = 16 * 1024;

struct Context {
    Config config;
    Db db;
    std::optional<Program> program;  // for the compliant count; absent when it could not load
    AccessLogCounter access_log;
    ComplianceCount compliance;
    Random random;
    int64_t idle_ms = 30 * 60 * 1000;           // GUICHET_ADMIN_IDLE_MINUTES
    int64_t lifetime_ms = 8 * 3600 * 1000;      // GUICHET_ADMIN_SESSION_HOURS
    int64_t compliance_max_age_ms = 60 * 1000;  // the compliant count is recomputed at most once a minute
    std::string origin;  // GUICHET_ADMIN_ORIGIN, default GUICHET_ORIGIN (set it when the console is reached through a tunnel)
    const Clock* clock = &system_clock();  // tests set a TestClock
    int64_t promotion_ms = 7 * 24 * 3600 * 1000LL;  // GUICHET_PROMOTION_DAYS: how long a promoted candidate has
    std::unique_ptr<PeriodicThread> sweeper = nullptr;          // admin/background.h; started once sandboxed
    std::unique_ptr<PeriodicThread> banner_follower = nullptr;  // (start_helpers)
};

// The administrator a request acts as.
struct Admin {
    int64_t id = 0;
    std::string name;
    int64_t expires_at = 0;
};

// For main(): the context (with its start-up work) and what the worker may
// still touch once sandboxed.
std::unique_ptr<Context> open_context(const Config& config);
SandboxRules sandbox_rules(const Config& config, Context& context);
// Once sandboxed: the review sweeper's and the banner follower's threads.
void start_helpers(Context& context);

// The handler's routes (see the statuses above), and one request through them.
const RouteTable<Context>& routes();
Response handle(const Request& request, Context& context);

// Route groups (one file each).
Response login(const Request& request, Context& context);
Admin require_admin(const Request& request, Context& context);
Response session_info(const Admin& admin);
Response logout(const Request& request, Context& context, const Admin& admin);
Response banner_route(const Request& request, Context& context, const Admin& admin, const std::string& sub);
Response window_route(const Request& request, Context& context, const Admin& admin, const std::string& sub);
Response report_route(const Request& request, Context& context, const Admin& admin, const std::string& sub);
Response review_route(const Request& request, Context& context, const Admin& admin);

// Adds an audit row in its own write transaction.
void audit(Context& context, const Request& request, const std::string& who, const std::string& action,
           const json_t* before, const json_t* after);
// The body of a request as JSON object; an empty body counts as {}.
std::string body_or_empty_object(const Request& request);

}  // namespace guichet::admin
