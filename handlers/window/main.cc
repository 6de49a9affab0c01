// guichet-window: a FastCGI worker for GET /api/window (see window_api.h).
#include "http/run_pool.h"
#include "window/window_api.h"

int main() {
    using namespace guichet;
    using window::Context;
    return run_pool<Context>(
        "window",
        [](const Config& config) {
            return std::unique_ptr<Context>(new Context{config, Db(config.db_path, Durability::normal)});
        },
        [](const Config&, Context& context) { return database_rules(context.db); },  // the database only
        window::routes());
}
