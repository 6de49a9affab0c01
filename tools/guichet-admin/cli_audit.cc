#include "domain/audit.h"
#include "base/clock.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

void write_cli_audit(Db& db, const std::string& action, const json_t* before, const json_t* after) {
    append_audit(db, cli_actor(), action, before, after, "local", now_ms());
}

}  // namespace guichet::admin_cli
