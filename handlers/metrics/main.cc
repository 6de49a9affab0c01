// guichet-metrics: a FastCGI worker for GET /metrics (see metrics_api.h).
// Run it as a pool of one worker: the counters live in the process.
#include "http/run_pool.h"
#include "metrics/metrics_api.h"

int main() {
    using namespace guichet;
    using metrics::Context;
    return run_pool<Context>(
        "metrics",
        [](const Config& config) {
            return std::unique_ptr<Context>(new Context{config, Db(config.db_path, Durability::normal),
                                                        env_or("GUICHET_LOG_DIR", config.data_dir + "/logs"),
                                                        env_or("GUICHET_RUN_DIR", config.data_dir + "/run"), {}, {}});
        },
        [](const Config&, Context& context) {
            // The database, every pool's log (read) and the run folder (its
            // sockets: connecting to them needs no file right).
            SandboxRules rules = database_rules(context.db);
            rules.read.push_back(context.log_dir);
            rules.read.push_back(context.run_dir);
            return rules;
        },
        metrics::routes());
}
