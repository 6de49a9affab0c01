#include "window/window_api.h"

#include "base/clock.h"
#include "base/json.h"
#include "domain/window.h"

namespace guichet::window {

Response handle(const Request& request, Context& context) {
    if (request.path() != "/api/window") throw ApiError("not_found");
    std::string method = request.method();
    if (method != "GET" && method != "HEAD") throw ApiError("method_not_allowed", "GET, HEAD");
    int64_t now = now_ms();
    std::optional<Window> window;
    {
        Transaction tx(context.db, Transaction::read);
        window = load_window(context.db);
    }
    Json body(window_public_json(window, now));
    // no-store for browsers; nginx's micro-cache ignores it on purpose (see nginx/).
    return json_response(200, body.get());
}

}  // namespace guichet::window
