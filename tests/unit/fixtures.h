// Fixtures shared by the unit tests: a scratch folder removed at the end of
// the test, and a database file with every migration of db/migrations applied
// (the tests run from the top of the checkout).
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "store/db.h"
#include "store/migrate.h"
#include "tests/unit/pg_server.h"

namespace guichet::test {

struct TempDir {
    std::string path;
    explicit TempDir(const std::string& name = "unit") {
        std::string pattern = "/tmp/guichet-" + name + "-XXXXXX";
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp " + pattern);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

// DIR/FILE, created, with every migration applied. With
// GUICHET_TEST_BACKEND=postgres, a fresh schema on the tests' PostgreSQL
// instead (tests/unit/pg_server.h): how the domain's tests are tried there
// (docs/store.md); a test that opens DIR/FILE again still opens SQLite.
inline Db migrated_db(const std::string& dir, const std::string& file = "test.db") {
    const char* backend = getenv("GUICHET_TEST_BACKEND");
    bool postgres = backend && std::string(backend) == "postgres";
    Db db(postgres ? fresh_postgres_schema() : dir + "/" + file, Durability::normal, 1000, true);
    apply_migrations(db, read_migrations("db/migrations"));
    return db;
}

}  // namespace guichet::test
