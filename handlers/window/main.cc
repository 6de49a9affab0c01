// guichet-window: a FastCGI worker for GET /api/window (see window_api.h).
#include "os/sandbox.h"
#include "http/serve.h"
#include "window/window_api.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("window");
    window::Context context{config, Db(config.db_path, Durability::normal)};
    try {
        enter_sandbox(config, database_rules(context.db));  // the database only
    } catch (const std::exception& error) {
        log_event("window", "cannot start", error.what());
        return 1;
    }
    return serve_fastcgi(config, [&](const Request& request) { return window::handle(request, context); });
}
