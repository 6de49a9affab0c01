// Deferred writes (Stmt::defer): on PostgreSQL sent without waiting, their
// results read with the next statement's; on SQLite run at once. Either way
// the transaction sees them in order, and a failure among them fails it.
#include <doctest/doctest.h>

#include <string>

#include "store/db.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/pg_server.h"

using namespace guichet;
using guichet::test::TempDir;
using guichet::test::TestStore;
using guichet::test::test_stores;

namespace {

const char* const kInsert = "INSERT INTO t (x) VALUES (?1)";
const char* const kCount = "SELECT count(*) FROM t";

// The store, with a fresh table t.
Db open_with_table(const TestStore& store) {
    Db db = store.open();
    db.exec("CREATE TABLE t (x INTEGER UNIQUE, y INTEGER)");
    return db;
}

void insert_later(Db& db, int64_t x) { db.prepare(kInsert).bind(1, x).defer(); }

// Once prepared on the connection (a first call outside the transaction),
// a read after deferred writes is sent behind them, in the same round trip.
int64_t count_rows(Db& db) {
    Stmt count = db.prepare(kCount);
    REQUIRE(count.step());
    return count.int64(0);
}

// Defers a write that breaks the UNIQUE constraint. On SQLite it fails at
// once; on PostgreSQL the defer itself must not wait, so it must not throw:
// the failure comes with the next statement, or the commit.
bool defer_a_duplicate(Db& db, const TestStore& store) {
    try {
        insert_later(db, 1);
    } catch (const StoreError& error) {
        CHECK(store.backend == "sqlite");
        CHECK(error.kind() == StoreError::Kind::constraint);
        return false;
    }
    CHECK(store.backend == "postgres");
    return true;
}

// In the caller's write transaction, two writes and then the duplicate (as
// defer_a_duplicate).
bool two_writes_then_a_duplicate(Db& db, const TestStore& store) {
    insert_later(db, 1);
    insert_later(db, 2);
    return defer_a_duplicate(db, store);
}

}  // namespace

TEST_CASE("both_backends_keep_deferred_writes_in_order_and_the_next_read_sees_them") {
    TempDir dir;
    for (const TestStore& store : test_stores(dir.path)) {
        CAPTURE(store.backend);
        Db db = open_with_table(store);
        REQUIRE(count_rows(db) == 0);
        {
            Transaction tx(db, Transaction::write);
            for (int64_t x = 1; x <= 5; ++x) insert_later(db, x);  // the first is prepared, and run
            CHECK(count_rows(db) == 5);
            db.prepare("UPDATE t SET y = x * 10 WHERE x = ?1").bind(1, int64_t{5}).defer();
            insert_later(db, 6);
            tx.commit();  // reads insert 6's result first (the UPDATE, at its first use, ran at once)
        }
        CHECK(count_rows(db) == 6);
        Stmt five = db.prepare("SELECT y FROM t WHERE x = 5");
        REQUIRE(five.step());
        CHECK(five.int64(0) == 50);
    }
}

TEST_CASE("both_backends_fail_the_transaction_of_a_deferred_write_that_fails_at_the_next_statement") {
    TempDir dir;
    for (const TestStore& store : test_stores(dir.path)) {
        CAPTURE(store.backend);
        Db db = open_with_table(store);
        REQUIRE(count_rows(db) == 0);
        {
            Transaction tx(db, Transaction::write);
            if (two_writes_then_a_duplicate(db, store)) {
                insert_later(db, 3);  // after the failure: never applied
                try {
                    Stmt count = db.prepare(kCount);  // prepared: sent behind the failed write
                    count.step();
                    FAIL("expected the deferred write's failure");
                } catch (const StoreError& error) {
                    CHECK(error.kind() == StoreError::Kind::constraint);
                    CHECK(std::string(error.what()).find("INSERT INTO t") != std::string::npos);
                }
            }
            // Not committed: rolled back with the transaction.
        }
        CHECK(count_rows(db) == 0);
        Transaction tx(db, Transaction::write);  // and the connection is usable afterwards
        insert_later(db, 7);
        tx.commit();
        CHECK(count_rows(db) == 1);
    }
}

TEST_CASE("both_backends_never_commit_a_transaction_whose_last_deferred_write_failed") {
    TempDir dir;
    for (const TestStore& store : test_stores(dir.path)) {
        CAPTURE(store.backend);
        Db db = open_with_table(store);
        {
            Transaction tx(db, Transaction::write);
            if (two_writes_then_a_duplicate(db, store)) {
                try {
                    tx.commit();
                    FAIL("expected the commit to fail");
                } catch (const StoreError& error) {
                    CHECK(error.kind() == StoreError::Kind::constraint);
                }
            }
        }
        CHECK(count_rows(db) == 0);
        insert_later(db, 8);  // outside a transaction: run at once
        CHECK(count_rows(db) == 1);
    }
}
