// The metrics handler: GET /metrics, Prometheus text format.
//
// What it reports, and where each figure comes from:
//   guichet_requests_total, guichet_request_duration_seconds,
//   guichet_worker_starts_total   the handler pools' JSON log lines (<logs>/*.log)
//   guichet_nginx_responses_total nginx's access log (<logs>/access.log)
//   guichet_window_*, guichet_claims_total, guichet_places_*, guichet_accounts
//                                 the database (intake_window counters, accounts)
//   guichet_pool_up               a connect() to each pool's unix socket (<run>/*.sock, os/pool_probe)
// The log files are read incrementally: each scrape folds in only the lines
// written since the previous one, so one worker must keep the counters (the
// pool runs one worker; a restart starts again from the files' beginnings).
//
// Statuses: 200 (the metrics), 404 (another path), 405 (not GET or HEAD),
// 503 (database unavailable). nginx lets only allowed addresses in.
#pragma once

#include <map>
#include <string>

#include "base/clock.h"
#include "base/config.h"
#include "base/log_tail.h"
#include "store/db.h"
#include "http/request.h"
#include "http/response.h"
#include "http/routes.h"
#include "metrics/request_stats.h"

namespace guichet::metrics {

struct Context {
    Config config;
    Db db;
    std::string log_dir;  // GUICHET_LOG_DIR, default <data>/logs
    std::string run_dir;  // GUICHET_RUN_DIR, default <data>/run
    std::map<std::string, LogTail> tails;
    RequestStats stats;
    const Clock* clock = &system_clock();  // tests set a TestClock
};

// The handler's routes (see the statuses above), and one request through them.
const RouteTable<Context>& routes();
Response handle(const Request& request, Context& context);

// Folds in every log line written since the last call, discovering new files.
void read_logs(Context& context);

}  // namespace guichet::metrics
