// The statement guard: what Db::prepare hands out is reset when its scope ends.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>

#include "store/db.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using guichet::test::TempDir;
using guichet::test::migrated_db;

namespace {

// A database of three rows, in WAL mode.
Db three_rows(const TempDir& dir) {
    Db db(dir.path + "/s.db", Durability::normal, 1000, true);
    db.exec("CREATE TABLE t (x INTEGER)");
    db.exec("INSERT INTO t VALUES (1), (2), (3)");
    return db;
}

// Whether any statement of the connection is between its first step and its reset.
bool any_statement_busy(const Db& db) {
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s; s = sqlite3_next_stmt(db.handle(), s)) {
        if (sqlite3_stmt_busy(s)) return true;
    }
    return false;
}

// 1 when a full checkpoint could not finish because a reader holds an old snapshot.
int64_t truncating_checkpoint_blocked(Db& other) {
    Stmt checkpoint = other.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    REQUIRE(checkpoint.step());
    return checkpoint.int64(0);
}

}  // namespace

TEST_CASE("statement_left_mid_iteration_releases_its_read_transaction_at_scope_end") {
    TempDir dir;
    Db db = three_rows(dir);
    Db other(dir.path + "/s.db", Durability::normal, 50);
    {
        Stmt rows = db.prepare("SELECT x FROM t ORDER BY x");
        REQUIRE(rows.step());  // one row of three: the read transaction stays open
        CHECK(any_statement_busy(db));
        other.prepare("INSERT INTO t VALUES (4)").run();
        CHECK(truncating_checkpoint_blocked(other) == 1);
    }
    CHECK_FALSE(any_statement_busy(db));
    CHECK(truncating_checkpoint_blocked(other) == 0);
}

TEST_CASE("statement_abandoned_by_an_exception_is_reset") {
    TempDir dir;
    Db db = three_rows(dir);
    try {
        Stmt rows = db.prepare("SELECT x FROM t");
        while (rows.step()) throw std::runtime_error("stop at the first row");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(any_statement_busy(db));
}

TEST_CASE("same_sql_prepared_again_after_its_scope_starts_afresh_with_no_bindings") {
    TempDir dir;
    Db db = three_rows(dir);
    const char* sql = "SELECT count(*), ?1 IS NULL FROM t WHERE x >= ?1";
    sqlite3_stmt* first_handle = nullptr;
    {
        Stmt count = db.prepare(sql);
        count.bind(1, int64_t{2});
        REQUIRE(count.step());
        CHECK(count.int64(0) == 2);
        first_handle = sqlite3_next_stmt(db.handle(), nullptr);
    }
    Stmt again = db.prepare(sql);
    REQUIRE(again.step());
    CHECK(again.int64(0) == 0);  // ?1 unbound is NULL: no row compares
    CHECK(again.int64(1) == 1);
    // The cached statement again, not a second one.
    CHECK(sqlite3_next_stmt(db.handle(), nullptr) == first_handle);
    CHECK(sqlite3_next_stmt(db.handle(), first_handle) == nullptr);
}

TEST_CASE("second_use_of_one_sql_while_the_first_is_alive_throws_and_leaves_the_first_intact") {
    TempDir dir;
    Db db = three_rows(dir);
    const char* sql = "SELECT x FROM t ORDER BY x";
    Stmt rows = db.prepare(sql);
    REQUIRE(rows.step());
    CHECK(rows.int64(0) == 1);
    CHECK_THROWS_AS(db.prepare(sql), std::logic_error);
    REQUIRE(rows.step());
    CHECK(rows.int64(0) == 2);
}

TEST_CASE("moved_statement_is_released_once_by_its_new_owner") {
    TempDir dir;
    Db db = three_rows(dir);
    const char* sql = "SELECT x FROM t ORDER BY x";
    {
        Stmt first = db.prepare(sql);
        Stmt moved(std::move(first));
        REQUIRE(moved.step());
        CHECK_THROWS_AS(db.prepare(sql), std::logic_error);
    }
    CHECK_FALSE(any_statement_busy(db));
    Stmt again = db.prepare(sql);
    REQUIRE(again.step());
    CHECK(again.int64(0) == 1);
}
