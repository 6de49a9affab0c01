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
#include "tests/unit/fixtures.h"

namespace guichet::claim {

struct ClaimDb {
    test::TempDir scratch{"claim-unit"};
    std::string dir = scratch.path;
    Db db = test::migrated_db(dir, "t.db");
    Program program = load_program("db/program.json");
    std::string identity_key = std::string(32, 'i');  // the identity's HMAC key (domain/identity.h)
    Random random;
    TestClock clock{now_ms()};  // starts at the real time (the seeded dates are real), moves only when told
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
