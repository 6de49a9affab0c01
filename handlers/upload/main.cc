// guichet-upload: a FastCGI worker for /api/documents/{kind} (see upload_api.h).
// At start it removes what an earlier crash may have left in the store.
#include "base/clock.h"
#include "os/sandbox.h"
#include "http/serve.h"
#include "upload/upload_api.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("upload");
    upload::Context context{config, load_program(config.program_path), Db(config.db_path),
                            DocumentStore(config.documents_dir)};
    try {
        GcReport report = context.store.collect_garbage(context.db, now_ms(), 15 * 60 * 1000);
        if (report.orphans_removed + report.temps_removed > 0) {
            log_event("upload", "documents_gc", "removed " + std::to_string(report.orphans_removed) + " orphans, " +
                                    std::to_string(report.temps_removed) + " stale staged files");
        }
    } catch (const std::exception& error) {
        log_event("upload", "documents_gc_failed", error.what());
    }
    try {
        // The database, the document store (written), nginx's spooled request bodies (read).
        SandboxRules rules = database_rules(context.db);
        rules.write_dirs.push_back(config.documents_dir);
        rules.read.push_back(config.data_dir + "/tmp/client");
        enter_sandbox(config, rules);
    } catch (const std::exception& error) {
        log_event("upload", "cannot start", error.what());
        return 1;
    }
    return serve_fastcgi(config, [&](const Request& request) { return upload::handle(request, context); });
}
