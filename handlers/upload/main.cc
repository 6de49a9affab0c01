// guichet-upload: a FastCGI worker for /api/documents/{kind} (see upload_api.h).
// At start it removes what an earlier crash may have left in the store.
#include "common/clock.h"
#include "common/serve.h"
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
    return serve_fastcgi(config, [&](const Request& request) { return upload::handle(request, context); });
}
