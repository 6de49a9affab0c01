// guichet-window: a FastCGI worker for GET /api/window (see window_api.h).
#include "common/serve.h"
#include "window/window_api.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("window");
    window::Context context{config, Db(config.db_path, Durability::normal)};
    return serve_fastcgi(config, [&](const Request& request) { return window::handle(request, context); });
}
