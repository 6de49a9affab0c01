// Applies the numbered migrations of db/migrations in order, each in its own
// write transaction, recording each in schema_migrations. The same files serve
// both backends (store/migrate_pg.h). Run by an operator
// command (guichet-admin migrate), never by handlers racing at start.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace guichet {

struct Migration {
    int version;
    std::string name;
    std::string sql;
    std::string pg_sql;  // <folder>/pg/NNNN_name.sql if there is one: used as it is on PostgreSQL
};

// Reads NNNN_name.sql files from a folder, sorted by number. On PostgreSQL a
// migration runs as its pg/ form when it has one, else as pg_migration_sql
// (store/migrate_pg.h) makes it from the SQLite text.
std::vector<Migration> read_migrations(const std::string& dir);
// Applies the ones not yet applied; returns how many were applied.
int apply_migrations(Db& db, const std::vector<Migration>& migrations);
// The highest applied version (0 for a new database).
int schema_version(Db& db);

}  // namespace guichet
