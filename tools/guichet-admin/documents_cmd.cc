#include <cstdio>

#include "base/clock.h"
#include "store/db.h"
#include "store/document_store.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

// documents gc [--temp-minutes N]: removes store files no row refers to (left
// by a crash between placing a file and committing its row) and staged
// uploads older than N minutes (default 15); on PostgreSQL also the database's
// copies no row names, stored more than N minutes ago, and copies into the
// database this node's referenced files it lacks. Safe while the site runs.
int cmd_documents(Args& args, const Config& config) {
    if (args.empty() || args[0] != "gc") throw UsageError("documents needs gc");
    args.erase(args.begin());
    std::string minutes_text = take_option(args, "--temp-minutes");
    require_no_more(args);
    long long minutes = 15;
    if (!minutes_text.empty()) {
        try {
            size_t used = 0;
            minutes = std::stoll(minutes_text, &used);
            if (used != minutes_text.size() || minutes < 0) throw UsageError("");
        } catch (const std::exception&) {
            throw UsageError("--temp-minutes: not a number of minutes: " + minutes_text);
        }
    }
    Db db(config.db_path);
    DocumentStore store(config.documents_dir);
    GcReport report = store.collect_garbage(db, now_ms(), minutes * 60 * 1000);
    std::printf("removed %d unreferenced documents and %d stale staged uploads", report.orphans_removed,
                report.temps_removed);
    if (db.is_postgres()) std::printf("; copied %d of this node's files into the database", report.shared);
    std::printf("\n");
    return 0;
}

}  // namespace guichet::admin_cli
