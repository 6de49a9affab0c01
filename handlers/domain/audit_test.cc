// The audit log on a real migrated database: rows are added, never changed.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "domain/admin_accounts.h"
#include "base/api_error.h"
#include "crypto/password.h"
#include "domain/audit.h"
#include "base/json.h"
#include "store/migrate.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using guichet::test::TempDir;
using guichet::test::migrated_db;

namespace {


void add_row(Db& db, const char* action) {
    Json after(json_object());
    json_object_set_new(after.get(), "level", json_string("info"));
    Transaction tx(db, Transaction::write);
    append_audit(db, "alice", action, nullptr, after.get(), "127.0.0.1", 1000);
    tx.commit();
}

}  // namespace

TEST_CASE("audit_rows_are_read_back_newest_first") {
    TempDir dir;
    Db db = migrated_db(dir.path);
    add_row(db, "banner_set");
    add_row(db, "window_pause");
    auto entries = read_audit(db, 0, 10);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].action == "window_pause");
    CHECK(entries[1].after == "{\"level\":\"info\"}");
    CHECK(entries[1].before.empty());
    CHECK(read_audit(db, entries[0].id, 10).size() == 1);
}

TEST_CASE("audit_rows_cannot_be_updated") {
    TempDir dir;
    Db db = migrated_db(dir.path);
    add_row(db, "banner_set");
    CHECK_THROWS_AS(db.exec("UPDATE audit_log SET who = 'mallory'"), StoreError);
    CHECK(read_audit(db, 0, 10)[0].who == "alice");
}

TEST_CASE("audit_rows_cannot_be_deleted") {
    TempDir dir;
    Db db = migrated_db(dir.path);
    add_row(db, "banner_set");
    CHECK_THROWS_AS(db.exec("DELETE FROM audit_log"), StoreError);
    CHECK(read_audit(db, 0, 10).size() == 1);
}

TEST_CASE("audit_csv_defuses_hostile_values") {
    TempDir dir;
    Db db = migrated_db(dir.path);
    add_row(db, "=HYPERLINK(\"http://evil\")");
    std::string csv = audit_csv(read_all_audit(db));
    CHECK(csv.find("\"'=HYPERLINK(\"\"http://evil\"\")\"") != std::string::npos);
}

TEST_CASE("admin_password_hash_verifies_only_the_right_password") {
    Random random;
    std::string stored = hash_password("correct horse", 1000, random);
    CHECK(stored.rfind("pbkdf2-sha256$1000$", 0) == 0);
    CHECK(verify_password("correct horse", stored));
    CHECK_FALSE(verify_password("correct horsE", stored));
    CHECK_FALSE(verify_password("correct horse", "pbkdf2-sha256$x$$"));
    CHECK_FALSE(verify_password("", ""));
}

TEST_CASE("admin_names_are_plain") {
    CHECK(valid_admin_name("ops.chief-2"));
    CHECK_FALSE(valid_admin_name(""));
    CHECK_FALSE(valid_admin_name("Alice"));
    CHECK_FALSE(valid_admin_name("a b"));
    CHECK_FALSE(valid_admin_name("a'; DROP TABLE admins;--"));
    CHECK_FALSE(valid_admin_name(std::string(65, 'a')));
}
