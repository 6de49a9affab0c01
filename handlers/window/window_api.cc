#include "window/window_api.h"

#include "base/clock.h"
#include "base/json.h"
#include "domain/window.h"

namespace guichet::window {

namespace {

// server_time as nginx's SSI fills it in on every answer, even a cached one
// (nginx/guichet.conf.in, location = /api/window): UTC, to the millisecond.
// Single quotes, since the JSON string escapes double ones.
constexpr const char kSsiServerTime[] =
    "<!--# config timefmt='%Y-%m-%dT%H:%M:%S' --><!--# echo var='date_gmt' -->."
    "<!--# echo var='guichet_msec_fraction' -->Z";

Response show_window(const Request& request, Context& context) {
    int64_t now = context.clock->now();
    std::optional<Window> window;
    {
        Transaction tx(context.db, Transaction::read);
        window = load_window(context.db);
    }
    Json body(window_public_json(window, now));
    if (request.param("GUICHET_CLOCK") == "ssi") json_object_set_new(body.get(), "server_time", json_str(kSsiServerTime));
    // no-store for browsers; nginx's micro-cache ignores it on purpose (see nginx/).
    // X-Made-At says when the rest of the answer was made (cached with it).
    Response response = json_response(200, body.get());
    response.header("X-Made-At", format_time(now));
    return response;
}

const RouteTable<Context> kRoutes = {
    {{{"GET"}, "/api/window", "", kNoBody}, show_window},
};

}  // namespace

const RouteTable<Context>& routes() { return kRoutes; }

Response handle(const Request& request, Context& context) { return dispatch(kRoutes, request, context); }

}  // namespace guichet::window
