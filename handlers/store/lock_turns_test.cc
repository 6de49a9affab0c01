// SQLite's write lock between processes: a writer that waits for it gets it
// while another process keeps writing back to back (the two claim workers'
// committers at opening), rather than once the other runs out of work.
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "store/db.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using guichet::test::TempDir;

namespace {

int64_t count_of(Db& db, const char* sql) {
    Stmt stmt = db.prepare(sql);
    REQUIRE(stmt.step());
    return stmt.int64(0);
}

}  // namespace

TEST_CASE("a_writer_waiting_for_the_lock_gets_it_while_another_process_keeps_writing") {
    TempDir dir;
    const std::string path = dir.path + "/turns.db";
    {
        Db db(path, Durability::normal, 1000, true);
        db.exec("CREATE TABLE t (who TEXT NOT NULL, n INTEGER NOT NULL)");
    }
    pid_t holder = fork();
    REQUIRE(holder >= 0);
    if (holder == 0) {
        // Back-to-back write transactions for at most 5 s; once the waiter's
        // row is in, 20 more, then stop.
        int status = 0;
        try {
            Db db(path, Durability::normal, 5000);
            auto end = std::chrono::steady_clock::now() + std::chrono::seconds(5);
            int after = 0;
            for (int64_t n = 0; std::chrono::steady_clock::now() < end && after < 20; ++n) {
                Transaction tx(db, Transaction::write);
                db.prepare("INSERT INTO t (who, n) VALUES ('holder', ?1)").bind(1, n).run();
                bool waiter_in = count_of(db, "SELECT count(*) FROM t WHERE who = 'waiter'") > 0;
                // A claim batch holds the lock for milliseconds (placing, signing).
                auto busy_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(2);
                while (std::chrono::steady_clock::now() < busy_until) {
                }
                tx.commit();
                if (waiter_in) ++after;
            }
        } catch (...) {
            status = 1;
        }
        _exit(status);
    }
    Db db(path, Durability::normal, 10000);
    for (int i = 0; i < 500 && count_of(db, "SELECT count(*) FROM t") < 10; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    int64_t asked_after = count_of(db, "SELECT count(*) FROM t");
    auto asked = std::chrono::steady_clock::now();
    {
        Transaction tx(db, Transaction::write);
        db.prepare("INSERT INTO t (who, n) VALUES ('waiter', 0)").run();
        tx.commit();
    }
    auto waited_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - asked).count();
    int status = -1;
    REQUIRE(waitpid(holder, &status, 0) == holder);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    int64_t before = count_of(db, "SELECT count(*) FROM t WHERE who = 'holder' AND rowid < "
                                  "(SELECT rowid FROM t WHERE who = 'waiter')");
    int64_t after = count_of(db, "SELECT count(*) FROM t WHERE who = 'holder' AND rowid > "
                                 "(SELECT rowid FROM t WHERE who = 'waiter')");
    MESSAGE("holder's transactions while the waiter waited: " << before - asked_after << ", after its: " << after
                                                              << "; waited " << waited_ms << " ms");
    // Starved, the waiter would have got the lock only when the holder stopped
    // at its 5 s end: no transaction of the holder's after the waiter's.
    CHECK(after == 20);
    // Without turns it got the lock behind 16 to 292 of the holder's
    // transactions (11 runs here; 9 of them over 20); with turns behind 1 or 2.
    CHECK(before - asked_after <= 20);
}
