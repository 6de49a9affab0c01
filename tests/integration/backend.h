// Which store the integration suite runs on: SQLite (the default) or, with
// GUICHET_TEST_BACKEND=postgres, a throwaway PostgreSQL 15 started once per
// test process (tests/unit/pg_server.h, tools/pg-test.sh) where each Site
// gets a schema of its own and the handlers get its URI.
#pragma once

#include <string>

namespace guichet::test {

bool test_on_postgres();
// The database for a new site whose data folder is data: DATA/guichet.db, or
// the URI of a fresh, empty PostgreSQL schema. Throws when PostgreSQL was
// asked for and cannot be started (never falls back to SQLite).
std::string new_site_database(const std::string& data);
// For the few tests of SQLite itself (its files, its backup): on PostgreSQL
// prints "skipped on PostgreSQL: TEST: reason" and returns true.
bool sqlite_only(const char* reason);

}  // namespace guichet::test
