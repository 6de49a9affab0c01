// What guichet-admin-fcgi's main() names: its context and its sandbox.
#include "admin/admin_api.h"
#include "base/log.h"
#include "domain/promotion.h"
#include "http/access_log.h"

namespace guichet::admin {

std::unique_ptr<Context> open_context(const Config& config) {
    std::unique_ptr<Context> context(new Context{
        config, Db(config.db_path), std::nullopt, AccessLogCounter(config.data_dir + "/logs/access.log"), {}, {},
        env_int("GUICHET_ADMIN_IDLE_MINUTES", 30, 1, 24 * 60) * 60 * 1000,
        env_int("GUICHET_ADMIN_SESSION_HOURS", 8, 1, 24) * 3600 * 1000, 60 * 1000,
        env_or("GUICHET_ADMIN_ORIGIN", config.origin)});
    try {
        context->program = load_program(config.program_path);
    } catch (const std::exception& error) {
        log_event("admin", "program_not_loaded", error.what());  // stats then report the compliant count as null
    }
    context->promotion_ms = promotion_window_ms();
    context->sweeper = review_sweeper(Db(config.db_path), env_int("GUICHET_REVIEW_SWEEP_SECONDS", 60, 1, 3600) * 1000,
                                      context->promotion_ms);
    context->banner_follower = banner_follower(Db(config.db_path), config.status_dir,
                                               env_int("GUICHET_BANNER_FOLLOW_SECONDS", 2, 1, 3600) * 1000);
    return context;
}

SandboxRules sandbox_rules(const Config& config, Context& context) {
    // The database, the banner folder (written), the logs (read: the access log's counts).
    SandboxRules rules = database_rules(context.db);
    rules.write_dirs.push_back(config.status_dir);
    rules.read.push_back(config.data_dir + "/logs");
    return rules;
}

void start_helpers(Context& context) {
    if (context.sweeper) context.sweeper->start();
    if (context.banner_follower) context.banner_follower->start();
}

}  // namespace guichet::admin
