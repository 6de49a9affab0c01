// Login throttling by subject and client, and by client: the owner's own
// client is never slowed by guesses from elsewhere.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "domain/login_throttle.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

struct ThrottleDb {
    test::TempDir dir{"throttle"};
    Db db = test::migrated_db(dir.path);
    // One attempt that fails: reserve (returns the wait), nothing cleared.
    int64_t fail(const std::string& subject, const std::string& client, int64_t now) {
        Transaction tx(db, Transaction::write);
        int64_t wait = reserve_attempt(db, subject, client, now);
        tx.commit();
        return wait;
    }
    int64_t succeed(const std::string& subject, const std::string& client, int64_t now) {
        Transaction tx(db, Transaction::write);
        int64_t wait = reserve_attempt(db, subject, client, now);
        if (wait == 0) clear_attempt(db, subject, client);
        tx.commit();
        return wait;
    }
};

const int64_t kT = 1000 * 1000 * 1000;  // some time, in ms

}  // namespace

TEST_CASE("delay_doubles_past_the_free_failures_and_is_capped") {
    for (int64_t failures = 0; failures < kFreeFailures; ++failures) CHECK(login_delay_seconds(failures) == 0);
    CHECK(login_delay_seconds(kFreeFailures) == kFirstDelaySeconds);
    CHECK(login_delay_seconds(kFreeFailures + 2) == 4 * kFirstDelaySeconds);
    CHECK(login_delay_seconds(1000) == kMaxDelaySeconds);
    CHECK(login_delay_seconds(INT64_MAX) == kMaxDelaySeconds);
    CHECK(login_delay_seconds(kClientFreeFailures - 1, kClientFreeFailures) == 0);
    CHECK(login_wait_seconds(kFreeFailures, kT, kT + 1) == kFirstDelaySeconds);  // rounded up
    CHECK(login_wait_seconds(kFreeFailures, kT, kT + kFirstDelaySeconds * 1000) == 0);
    CHECK(login_wait_seconds(1000, kT, kT + kMaxDelaySeconds * 1000) == 0);  // never a lockout
}

TEST_CASE("guesses_from_elsewhere_never_delay_the_owner_on_their_own_client") {
    ThrottleDb t;
    std::string victim = candidate_subject("victim@example.org");
    // A guesser fails 50 times from its own address: it is delayed there.
    int64_t delayed = 0;
    for (int i = 0; i < 50; ++i) delayed += t.fail(victim, "203.0.113.9", kT + i) > 0 ? 1 : 0;
    CHECK(delayed == 50 - kFreeFailures);
    // The owner, from home, is heard at once, and with the right password succeeds.
    CHECK(t.succeed(victim, "198.51.100.7", kT + 100) == 0);
    // The guesser's address stays delayed.
    CHECK(t.fail(victim, "203.0.113.9", kT + 200) > 0);
}

TEST_CASE("one_client_spraying_many_accounts_is_delayed_by_its_total") {
    ThrottleDb t;
    int64_t now = kT;
    for (int i = 0; i < kClientFreeFailures; ++i) {
        CAPTURE(i);
        CHECK(t.fail(candidate_subject("user" + std::to_string(i) + "@example.org"), "2001:db8:1:2::/64", ++now) == 0);
    }
    CHECK(t.fail(candidate_subject("one-more@example.org"), "2001:db8:1:2::/64", ++now) == kFirstDelaySeconds);
    CHECK(t.fail(candidate_subject("one-more@example.org"), "2001:db8:1:3::/64", ++now) == 0);  // another client
}

TEST_CASE("a_success_clears_its_pair_and_takes_back_its_attempt_from_the_total") {
    ThrottleDb t;
    std::string owner = admin_subject("ops");
    for (int i = 0; i < kFreeFailures - 1; ++i) CHECK(t.fail(owner, "10.0.0.1", kT + i) == 0);
    CHECK(t.succeed(owner, "10.0.0.1", kT + 10) == 0);
    Stmt pair = t.db.prepare("SELECT count(*) FROM login_attempts WHERE length(subject) > 0");
    REQUIRE(pair.step());
    CHECK(pair.int64(0) == 0);
    Stmt total = t.db.prepare("SELECT failures FROM login_attempts WHERE length(subject) = 0");
    REQUIRE(total.step());
    CHECK(total.int64(0) == kFreeFailures - 1);
}

TEST_CASE("a_count_a_day_old_starts_again") {
    ThrottleDb t;
    std::string subject = candidate_subject("a@example.org");
    for (int i = 0; i < 20; ++i) t.fail(subject, "10.0.0.2", kT + i);
    CHECK(t.fail(subject, "10.0.0.2", kT + 100) > 0);
    CHECK(t.fail(subject, "10.0.0.2", kT + kFailureMemoryMs + 1000) == 0);
}

TEST_CASE("parallel_wrong_guesses_cannot_pass_the_check_together") {
    // Eight processes' worth of connections guess at once: check and count
    // are one write transaction, so exactly kFreeFailures are heard.
    ThrottleDb t;
    std::string subject = candidate_subject("race@example.org");
    std::atomic<int> heard{0};
    std::vector<std::thread> guessers;
    for (int g = 0; g < 8; ++g) {
        guessers.emplace_back([&] {
            Db db(t.dir.path + "/test.db", Durability::normal, 5000);
            Transaction tx(db, Transaction::write);
            if (reserve_attempt(db, subject, "10.0.0.3", kT) == 0) ++heard;
            tx.commit();
        });
    }
    for (auto& g : guessers) g.join();
    CHECK(heard == kFreeFailures);
}
