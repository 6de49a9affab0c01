// A PostgreSQL for the unit tests, and fresh databases on both backends.
//
// GUICHET_TEST_POSTGRES names the server: a postgresql:// URI to use as it is,
// or "off" for none. Unset, the first test that asks starts a throwaway server
// with tools/pg-test.sh (initdb + pg_ctl in a scratch folder, about 1.3 s) and
// the process stops it at exit; where PostgreSQL 15 is not installed there is
// none, and the PostgreSQL half of a test is skipped with a message.
#pragma once

#include <string>
#include <vector>

#include "store/db.h"

namespace guichet::test {

// The server's URI, or "" when there is none.
const std::string& test_postgres();
// A URI whose connections see only a new, empty schema of their own.
std::string fresh_postgres_schema();

// A fresh, empty database of one backend, and more connections to it.
struct TestStore {
    std::string backend;  // "sqlite" or "postgres"
    std::string name;     // the file or the URI
    Db open(int busy_timeout_ms = 1000, bool create = false) const {
        return Db(name, Durability::normal, busy_timeout_ms, create);
    }
};
// "sqlite" always, "postgres" when a server is there. dir holds the SQLite file.
std::vector<TestStore> test_stores(const std::string& dir);

}  // namespace guichet::test
