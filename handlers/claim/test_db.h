// A fresh SQLite file with every migration applied, for the claim's unit tests.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "base/clock.h"
#include "store/db.h"
#include "store/migrate.h"
#include "domain/program.h"
#include "crypto/random.h"
#include "domain/window.h"

namespace guichet::claim {

struct ClaimDb {
    std::string dir;
    Db db;
    Program program = load_program("db/program.json");
    Random random;
    TestClock clock{now_ms()};  // starts at the real time (the seeded dates are real), moves only when told
    static std::string make_dir() {
        char pattern[] = "/tmp/guichet-claim-unit-XXXXXX";
        return mkdtemp(pattern);
    }
    ClaimDb() : dir(make_dir()), db(dir + "/t.db", Durability::normal, 1000, true) {
        apply_migrations(db, read_migrations("db/migrations"));
    }
    ~ClaimDb() { std::system(("rm -rf '" + dir + "'").c_str()); }
    // Another connection to the same file.
    Db connect(int busy_timeout_ms = 5000) const { return Db(dir + "/t.db", Durability::normal, busy_timeout_ms); }
    // A window open since a second ago, for an hour.
    void open_window(int64_t places) { schedule_window(places, clock.now() - 1000); }
    void schedule_window(int64_t places, int64_t opens_at) {
        Transaction tx(db, Transaction::write);
        store_window(db, {opens_at, opens_at + 3601000, places, "fcfs", std::nullopt, ""}, clock.now() - 2000);
        tx.commit();
    }
};

}  // namespace guichet::claim
