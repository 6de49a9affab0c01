// guichet-metrics: a FastCGI worker for GET /metrics (see metrics_api.h).
// Run it as a pool of one worker: the counters live in the process.
#include "http/serve.h"
#include "metrics/metrics_api.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("metrics");
    metrics::Context context{config, Db(config.db_path, Durability::normal),
                             env_or("GUICHET_LOG_DIR", config.data_dir + "/logs"),
                             env_or("GUICHET_RUN_DIR", config.data_dir + "/run"), {}, {}};
    return serve_fastcgi(config, [&](const Request& request) { return metrics::handle(request, context); });
}
