// The PostgreSQL backend's own parts: the parameter rewrite, the error
// mapping, and what happens when the connection is lost.
#include <doctest/doctest.h>

#include <string>

#include "store/db.h"
#include "store/pg_placeholders.h"
#include "store/pg_session.h"
#include "tests/unit/pg_server.h"

using namespace guichet;
using Kind = StoreError::Kind;

TEST_CASE("placeholders_become_dollar_parameters_outside_strings_and_comments") {
    PgPlaceholders p = pg_placeholders("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?12) -- ?3\nAND d = '?4' AND \"?5\" = ?2");
    CHECK(p.sql == "SELECT a FROM t WHERE b = $1 AND c IN ($2, $12) -- ?3\nAND d = '?4' AND \"?5\" = $2");
    CHECK(p.parameters == 12);
}

TEST_CASE("bare_placeholders_are_numbered_after_the_largest_so_far") {
    PgPlaceholders p = pg_placeholders("VALUES (?, ?5, ?, 'it''s ?', /* ? */ ?)");
    CHECK(p.sql == "VALUES ($1, $5, $6, 'it''s ?', /* ? */ $7)");
    CHECK(p.parameters == 7);
}

TEST_CASE("a_statement_without_parameters_is_unchanged") {
    PgPlaceholders p = pg_placeholders("SELECT count(*) FROM claims");
    CHECK(p.sql == "SELECT count(*) FROM claims");
    CHECK(p.parameters == 0);
}

TEST_CASE("sqlstates_map_to_the_kinds_sqlite_gives") {
    CHECK(pg_error_kind("40001", false, false) == Kind::unavailable);  // serialization failure
    CHECK(pg_error_kind("40P01", false, false) == Kind::unavailable);  // deadlock
    CHECK(pg_error_kind("57P01", false, false) == Kind::unavailable);  // admin shutdown
    CHECK(pg_error_kind("08006", false, false) == Kind::unavailable);  // connection failure
    CHECK(pg_error_kind("53100", false, false) == Kind::unavailable);  // disk full
    CHECK(pg_error_kind("55P03", false, false) == Kind::unavailable);  // lock timeout (SQLite's busy)
    CHECK(pg_error_kind("25006", false, false) == Kind::unavailable);  // a standby refuses the write
    CHECK(pg_error_kind("25006", false, true) == Kind::bug);           // a write in a read transaction
    CHECK(pg_error_kind("23505", false, false) == Kind::constraint);   // unique violation
    CHECK(pg_error_kind("23514", false, false) == Kind::constraint);   // check violation
    CHECK(pg_error_kind("23503", false, false) == Kind::constraint);   // foreign key
    CHECK(pg_error_kind("54000", false, false) == Kind::too_big);
    CHECK(pg_error_kind("42601", false, false) == Kind::bug);  // syntax error
    CHECK(pg_error_kind("42601", true, false) == Kind::unavailable);  // whatever it says, the connection is gone
    CHECK(pg_error_kind(nullptr, false, false) == Kind::unavailable);
}

TEST_CASE("postgres_uris_choose_the_postgres_backend") {
    CHECK(is_postgres_uri("postgresql://a:5432,b:5432/guichet?target_session_attrs=read-write"));
    CHECK(is_postgres_uri("postgres://localhost/guichet"));
    CHECK_FALSE(is_postgres_uri("data/guichet.db"));
    CHECK_FALSE(is_postgres_uri("/srv/postgresql://x.db"));
}

TEST_CASE("postgres_unreachable_is_unavailable") {
    try {
        Db db("postgresql://guichet@/postgres?host=/nonexistent&connect_timeout=2");
        FAIL("expected no connection");
    } catch (const StoreError& error) {
        CHECK(error.kind() == Kind::unavailable);
    }
}

namespace {

bool have_postgres() {
    if (!test::test_postgres().empty()) return true;
    MESSAGE("no PostgreSQL for tests: skipped");
    return false;
}

int64_t backend_pid(Db& db) {
    Stmt pid = db.prepare("SELECT pg_backend_pid()");
    REQUIRE(pid.step());
    return pid.int64(0);
}

void terminate(Db& killer, int64_t pid) {
    Stmt kill = killer.prepare("SELECT pg_terminate_backend(?1::integer)");
    kill.bind(1, pid);
    REQUIRE(kill.step());
    CHECK(kill.int64(0) == 1);
}

}  // namespace

TEST_CASE("postgres_connection_killed_mid_transaction_is_unavailable_and_never_commits") {
    if (!have_postgres()) return;
    std::string uri = test::fresh_postgres_schema();
    Db db(uri);
    Db killer(uri);
    db.exec("CREATE TABLE t (x BIGINT)");
    {
        Transaction tx(db, Transaction::write);
        db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{1}).run();
        terminate(killer, backend_pid(db));
        try {
            db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{2}).run();
            tx.commit();
            FAIL("a transaction on a killed connection reported success");
        } catch (const StoreError& error) {
            CHECK(error.kind() == Kind::unavailable);
        }
    }
    Stmt count = killer.prepare("SELECT count(*) FROM t");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 0);
    // The next transaction connects again (and prepares its statements again).
    Transaction tx(db, Transaction::write);
    db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{3}).run();
    tx.commit();
}

TEST_CASE("postgres_connection_dropped_between_transactions_begins_the_next_at_once") {
    if (!have_postgres()) return;
    std::string uri = test::fresh_postgres_schema();
    Db db(uri);
    Db killer(uri);
    db.exec("CREATE TABLE t (x BIGINT)");
    int64_t before = backend_pid(db);
    terminate(killer, before);
    for (Transaction::Kind kind : {Transaction::write, Transaction::read}) {
        Transaction tx(db, kind);  // no unavailable: the BEGIN connected again
        if (kind == Transaction::write) db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{1}).run();
        tx.commit();
    }
    CHECK(backend_pid(db) != before);
    Stmt count = killer.prepare("SELECT count(*) FROM t");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 1);
}

TEST_CASE("postgres_commit_killed_before_it_runs_is_unavailable") {
    if (!have_postgres()) return;
    std::string uri = test::fresh_postgres_schema();
    Db db(uri);
    Db killer(uri);
    db.exec("CREATE TABLE t (x BIGINT)");
    Transaction tx(db, Transaction::write);
    db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{1}).run();
    terminate(killer, backend_pid(db));
    try {
        tx.commit();
        FAIL("COMMIT on a killed connection reported success");
    } catch (const StoreError& error) {
        CHECK(error.kind() == Kind::unavailable);
    }
}

TEST_CASE("postgres_commit_after_a_failed_statement_is_not_a_success") {
    if (!have_postgres()) return;
    Db db(test::fresh_postgres_schema());
    db.exec("CREATE TABLE t (x BIGINT UNIQUE)");
    db.exec("INSERT INTO t VALUES (1)");
    Transaction tx(db, Transaction::write);
    db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{2}).run();
    CHECK_THROWS_AS(db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{1}).run(), StoreError);
    CHECK_THROWS_AS(tx.commit(), StoreError);  // PostgreSQL rolled the whole transaction back
    Stmt count = db.prepare("SELECT count(*) FROM t");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 1);
}

TEST_CASE("postgres_write_in_a_read_transaction_is_a_bug_not_a_retry") {
    if (!have_postgres()) return;
    Db db(test::fresh_postgres_schema());
    db.exec("CREATE TABLE t (x BIGINT)");
    Transaction tx(db, Transaction::read);
    try {
        db.exec("INSERT INTO t VALUES (1)");
        FAIL("expected a refusal");
    } catch (const StoreError& error) {
        CHECK(error.kind() == Kind::bug);
    }
}

TEST_CASE("postgres_statement_rebound_with_other_types_still_runs") {
    if (!have_postgres()) return;
    Db db(test::fresh_postgres_schema());
    db.exec("CREATE TABLE t (x BIGINT, y TEXT)");
    static const char* const kInsert = "INSERT INTO t VALUES (?1, ?2)";
    db.prepare(kInsert).bind(1, int64_t{1}).bind(2, "a").run();
    db.prepare(kInsert).bind_null(1).bind(2, "b").run();  // prepared with int8, run unnamed
    db.prepare(kInsert).bind(1, int64_t{3}).run();          // ?2 left NULL, as in SQLite
    Stmt read = db.prepare("SELECT count(*), count(x), count(y) FROM t");
    REQUIRE(read.step());
    CHECK(read.int64(0) == 3);
    CHECK(read.int64(1) == 2);
    CHECK(read.int64(2) == 2);
}

// The write lock is the store's: a writer of another schema in the same
// database (another store) neither waits for it nor holds it.
TEST_CASE("postgres_writers_of_two_schemas_in_one_database_do_not_wait_for_each_other") {
    if (!have_postgres()) return;
    std::string one = test::fresh_postgres_schema();
    std::string other = test::fresh_postgres_schema();
    Db first(one);
    Db same(one, Durability::full, 200);
    Db elsewhere(other, Durability::full, 200);
    Transaction held(first, Transaction::write);
    try {
        Transaction tx(same, Transaction::try_write);
        FAIL("expected the store's own write lock to be held");
    } catch (const StoreError& error) {
        CHECK(error.kind() == Kind::unavailable);
    }
    Transaction tx(elsewhere, Transaction::try_write);
    elsewhere.exec("CREATE TABLE t (x INTEGER)");
    tx.commit();
    held.commit();
}
