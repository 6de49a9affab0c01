// Failed-login counts for known accounts and unknown addresses.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>

#include "accounts/failure_store.h"
#include "store/migrate.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using namespace guichet::accounts;

namespace {

struct MigratedDb {
    test::TempDir dir{"failures"};
    std::unique_ptr<Db> db = std::make_unique<Db>(test::migrated_db(dir.path));
    MigratedDb() {
        db->exec("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) "
                 "VALUES (1, 'a@b.cd', 'A', 'fr', 'x', 0)");
    }
    int64_t number(const char* sql) {
        Stmt stmt = db->prepare(sql);
        int64_t value = stmt.step() ? stmt.int64(0) : -1;
        return value;
    }
};

}  // namespace

TEST_CASE("account_failures_count_up_and_start_again_after_a_day") {
    MigratedDb m;
    int64_t t = 100 * kFailureMemoryMs;
    record_account_failure(*m.db, 1, t);
    record_account_failure(*m.db, 1, t + 1000);
    CHECK(m.number("SELECT failed_logins FROM accounts") == 2);
    CHECK(m.number("SELECT last_failed_at FROM accounts") == t + 1000);
    record_account_failure(*m.db, 1, t + 1000 + kFailureMemoryMs + 1);
    CHECK(m.number("SELECT failed_logins FROM accounts") == 1);
}

TEST_CASE("unknown_address_failures_are_kept_by_digest_only") {
    MigratedDb m;
    int64_t t = 100 * kFailureMemoryMs;
    CHECK(unknown_address_failures(*m.db, "x@y.zz").count == 0);
    record_unknown_address_failure(*m.db, "x@y.zz", t);
    record_unknown_address_failure(*m.db, "x@y.zz", t + 5);
    Failures failures = unknown_address_failures(*m.db, "x@y.zz");
    CHECK(failures.count == 2);
    CHECK(failures.last_at == t + 5);
    CHECK(unknown_address_failures(*m.db, "other@y.zz").count == 0);
    CHECK(m.number("SELECT length(email_hash) FROM login_failures") == 32);
}

TEST_CASE("unknown_address_failures_a_day_old_are_dropped") {
    MigratedDb m;
    int64_t t = 100 * kFailureMemoryMs;
    record_unknown_address_failure(*m.db, "old@y.zz", t);
    record_unknown_address_failure(*m.db, "new@y.zz", t + kFailureMemoryMs + 1);
    CHECK(unknown_address_failures(*m.db, "old@y.zz").count == 0);
    CHECK(m.number("SELECT count(*) FROM login_failures") == 1);
}
