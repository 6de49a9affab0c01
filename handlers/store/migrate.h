// Applies the numbered migrations of db/migrations in order, each in its own
// write transaction, recording each in schema_migrations. Run by an operator
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
};

// Reads NNNN_name.sql files from a folder, sorted by number.
std::vector<Migration> read_migrations(const std::string& dir);
// Applies the ones not yet applied; returns how many were applied.
int apply_migrations(Db& db, const std::vector<Migration>& migrations);
// The highest applied version (0 for a new database).
int schema_version(Db& db);

}  // namespace guichet
