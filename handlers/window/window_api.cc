#include "window/window_api.h"

#include "base/clock.h"
#include "base/json.h"
#include "domain/window.h"

namespace guichet::window {

namespace {

Response show_window(const Request&, Context& context) {
    int64_t now = context.clock->now();
    std::optional<Window> window;
    {
        Transaction tx(context.db, Transaction::read);
        window = load_window(context.db);
    }
    Json body(window_public_json(window, now));
    // no-store for browsers; nginx's micro-cache ignores it on purpose (see nginx/).
    return json_response(200, body.get());
}

const RouteTable<Context> kRoutes = {
    {{{"GET"}, "/api/window", "", kNoBody}, show_window},
};

}  // namespace

const RouteTable<Context>& routes() { return kRoutes; }

Response handle(const Request& request, Context& context) { return dispatch(kRoutes, request, context); }

}  // namespace guichet::window
