// The window handler: GET /api/window, the public state of the intake window.
//
// Statuses: 200 (the window's state, also before anything is scheduled),
// 404 (another path), 405 (a method other than GET or HEAD),
// 503 (database unavailable). nginx micro-caches the 200 for a second.
#pragma once

#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"
#include "http/request.h"
#include "http/response.h"
#include "http/routes.h"

namespace guichet::window {

struct Context {
    Config config;
    Db db;
    const Clock* clock = &system_clock();  // tests set a TestClock
};

// The handler's routes (see the statuses above), and one request through them.
const RouteTable<Context>& routes();
Response handle(const Request& request, Context& context);

}  // namespace guichet::window
