// The SQLite wrapper, migrations and the window's state, on a real file.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "base/api_error.h"
#include "domain/banner.h"
#include "store/db.h"
#include "base/files.h"
#include "store/migrate.h"
#include "domain/window.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using guichet::test::TempDir;
using guichet::test::migrated_db;

namespace {


}  // namespace

TEST_CASE("transaction_rolls_back_unless_committed") {
    TempDir dir;
    Db db(dir.path + "/t.db", Durability::normal, 1000, true);
    db.exec("CREATE TABLE t (x INTEGER)");
    {
        Transaction tx(db, Transaction::write);
        db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{1}).run();
    }
    {
        Transaction tx(db, Transaction::write);
        db.prepare("INSERT INTO t VALUES (?1)").bind(1, int64_t{2}).run();
        tx.commit();
    }
    Stmt count = db.prepare("SELECT group_concat(x) FROM t");
    REQUIRE(count.step());
    CHECK(count.text(0) == "2");
}

namespace {

int64_t elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

TEST_CASE("a_read_transaction_reads_while_another_connection_holds_the_write_lock") {
    TempDir dir;
    Db writer(dir.path + "/t.db", Durability::normal, 1000, true);
    writer.exec("CREATE TABLE t (x INTEGER)");
    writer.exec("INSERT INTO t VALUES (1)");
    Db reader(dir.path + "/t.db", Durability::normal, 60000);
    Transaction held(writer, Transaction::write);
    writer.exec("INSERT INTO t VALUES (2)");
    auto start = std::chrono::steady_clock::now();
    Transaction tx(reader, Transaction::read);
    Stmt count = reader.prepare("SELECT count(*) FROM t");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 1);  // the snapshot before the uncommitted insert
    CHECK(elapsed_ms(start) < 5000);  // a wait for the lock would last the busy timeout, 60 s
}

TEST_CASE("try_write_refuses_at_once_while_another_connection_holds_the_write_lock") {
    TempDir dir;
    Db writer(dir.path + "/t.db", Durability::normal, 1000, true);
    writer.exec("CREATE TABLE t (x INTEGER)");
    Db other(dir.path + "/t.db", Durability::normal, 60000);
    {
        Transaction held(writer, Transaction::write);
        auto start = std::chrono::steady_clock::now();
        try {
            Transaction tx(other, Transaction::try_write);
            FAIL("expected the lock to be refused");
        } catch (const StoreError& error) {
            CHECK(error.kind() == StoreError::Kind::unavailable);
        }
        CHECK(elapsed_ms(start) < 5000);  // not the busy timeout, 60 s
        CHECK(other.busy_timeout_ms() == 60000);  // restored for the connection's other writes
    }
    Transaction tx(other, Transaction::try_write);  // the lock is free again
    other.exec("INSERT INTO t VALUES (1)");
    tx.commit();
}

TEST_CASE("bound_parameters_store_sql_looking_text_verbatim") {
    TempDir dir;
    Db db(dir.path + "/t.db", Durability::normal, 1000, true);
    db.exec("CREATE TABLE t (x TEXT)");
    std::string hostile = "'); DROP TABLE t; --";
    db.prepare("INSERT INTO t VALUES (?1)").bind(1, hostile).run();
    Stmt read = db.prepare("SELECT x FROM t");
    REQUIRE(read.step());
    CHECK(read.text(0) == hostile);
}

TEST_CASE("opening_a_missing_database_without_create_fails_as_unavailable") {
    TempDir dir;
    try {
        Db db(dir.path + "/missing.db");
        FAIL("expected an error");
    } catch (const StoreError& error) {
        CHECK(error.kind() == StoreError::Kind::unavailable);
        CHECK(error.retryable());
    }
}

TEST_CASE("migrations_apply_once_in_order") {
    TempDir dir;
    Db db(dir.path + "/m.db", Durability::normal, 1000, true);
    auto migrations = read_migrations("db/migrations");
    REQUIRE(migrations.size() >= 2);
    CHECK(migrations[0].version < migrations[1].version);
    CHECK(apply_migrations(db, migrations) == static_cast<int>(migrations.size()));
    CHECK(apply_migrations(db, migrations) == 0);
    CHECK(schema_version(db) == migrations.back().version);
}

TEST_CASE("window_state_follows_the_clock_and_the_pause_flag") {
    Window w;
    w.opens_at = 1000;
    w.closes_at = 2000;
    CHECK(window_state(w, 999) == WindowState::scheduled);
    CHECK(window_state(w, 1000) == WindowState::open);
    w.paused = true;
    CHECK(window_state(w, 1500) == WindowState::paused);
    CHECK(window_state(w, 2000) == WindowState::closed);
    w.paused = false;
    w.closed_early_at = 1200;
    CHECK(window_state(w, 1300) == WindowState::closed);
}

TEST_CASE("opening_time_and_places_are_locked_once_the_window_opened") {
    TempDir dir;
    Db db = migrated_db(dir.path);
    store_window(db, {1000, 5000, 10, "fcfs", std::nullopt, ""}, 500);
    CHECK_NOTHROW(store_window(db, {1100, 5000, 20, "fcfs", std::nullopt, ""}, 600));
    CHECK_THROWS_AS(store_window(db, {1200, 5000, 20, "fcfs", std::nullopt, ""}, 1150), ApiError);
    CHECK_THROWS_AS(store_window(db, {1100, 5000, 30, "fcfs", std::nullopt, ""}, 1150), ApiError);
    CHECK_NOTHROW(store_window(db, {1100, 9000, 20, "fcfs", std::nullopt, ""}, 1150));
    CHECK(load_window(db)->closes_at == 9000);
}

TEST_CASE("window_settings_that_make_no_sense_are_rejected") {
    TempDir dir;
    Db db = migrated_db(dir.path);
    CHECK_THROWS_AS(store_window(db, {5000, 1000, 10, "fcfs", std::nullopt, ""}, 0), ApiError);
    CHECK_THROWS_AS(store_window(db, {1000, 5000, 10, "raffle", std::nullopt, ""}, 0), ApiError);
    CHECK_THROWS_AS(store_window(db, {1000, 5000, 10, "lottery", std::nullopt, ""}, 0), ApiError);
}

TEST_CASE("banner_html_escapes_markup") {
    Banner banner{"warning", "<script>alert(1)</script>", "a & b", 0};
    std::string html = banner_html(banner);
    CHECK(html.find("<script>") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("a &amp; b") != std::string::npos);
    CHECK(banner_html(Banner{}).find("<div") == std::string::npos);
}

TEST_CASE("banner_is_written_and_read_back") {
    TempDir dir;
    write_banner(dir.path, Banner{"outage", "Panne", "Outage", 1000});
    auto banner = read_banner(dir.path);
    REQUIRE(banner.has_value());
    CHECK(banner->level == "outage");
    CHECK(banner->en == "Outage");
    CHECK(read_file(dir.path + "/banner.html")->find("banner-outage") != std::string::npos);
}
