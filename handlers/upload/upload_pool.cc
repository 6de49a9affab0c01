// What guichet-upload's main() names: its context and its sandbox. At start
// it removes what an earlier crash may have left in the store.
#include "base/clock.h"
#include "base/log.h"
#include "upload/upload_api.h"

namespace guichet::upload {

std::unique_ptr<Context> open_context(const Config& config) {
    std::unique_ptr<Context> context(new Context{config, load_program(config.program_path), Db(config.db_path),
                                                 DocumentStore(config.documents_dir)});
    try {
        GcReport report = context->store.collect_garbage(context->db, context->clock->now(), 15 * 60 * 1000);
        if (report.orphans_removed + report.temps_removed > 0) {
            log_event("upload", "documents_gc", "removed " + std::to_string(report.orphans_removed) + " orphans, " +
                                    std::to_string(report.temps_removed) + " stale staged files");
        }
    } catch (const std::exception& error) {
        log_event("upload", "documents_gc_failed", error.what());
    }
    return context;
}

SandboxRules sandbox_rules(const Config& config, Context& context) {
    // The database and the document store (written). The body comes over the
    // socket: nginx's own temporary files stay out of reach.
    SandboxRules rules = database_rules(context.db);
    rules.write_dirs.push_back(config.documents_dir);
    return rules;
}

}  // namespace guichet::upload
