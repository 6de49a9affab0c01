#include <cstdio>

#include "store/db.h"
#include "store/migrate.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

int cmd_migrate(Args& args, const Config& config) {
    std::string dir = take_option(args, "--migrations");
    if (dir.empty()) dir = env_or("GUICHET_MIGRATIONS", "db/migrations");
    require_no_more(args);
    Db db(config.db_path, Durability::full, 5000, /*create=*/true);
    int applied = apply_migrations(db, read_migrations(dir));
    std::printf("migrate: %d applied, schema version %d (%s)\n", applied, schema_version(db), config.db_path.c_str());
    return 0;
}

}  // namespace guichet::admin_cli
