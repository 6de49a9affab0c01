// The nonce pool: its signatures verify, no nonce is ever used twice, and the
// idle-priority filler keeps it full.
#include <doctest/doctest.h>
#include <dirent.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "crypto/ecdsa.h"
#include "crypto/presign.h"
#include "crypto/random.h"

using namespace guichet;

namespace {

struct Keys {
    Random random;
    EcKey key;
    EcKey published;  // what a candidate checks with: the public key only
    Keys() {
        EcKey::generate(key, random);
        EcKey::load_public_pem(published, key.public_pem());
    }
};

// Polls until `done` or a generous deadline (the machine may be loaded, and
// the filler only runs when a core is idle): a behaviour check, not a timing one.
template <typename Condition>
bool eventually(Condition done) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

// The threads of this process that run at SCHED_IDLE (the fillers).
std::set<pid_t> idle_threads() {
    std::set<pid_t> idle;
    DIR* tasks = opendir("/proc/self/task");
    REQUIRE(tasks);
    while (dirent* entry = readdir(tasks)) {
        pid_t tid = static_cast<pid_t>(std::atoi(entry->d_name));
        if (tid > 0 && sched_getscheduler(tid) == SCHED_IDLE) idle.insert(tid);
    }
    closedir(tasks);
    return idle;
}

}  // namespace

TEST_CASE("pool_signatures_verify_with_the_public_key") {
    Keys keys;
    NoncePool pool(keys.key, 200);
    REQUIRE(pool.fill(keys.random, 200) == 200);
    for (int i = 0; i < 200; ++i) {
        std::string message = keys.random.bytes(static_cast<size_t>(i) * 7);  // 0 to 1393 bytes
        std::optional<std::string> signature = pool.sign(message);
        REQUIRE(signature);
        CHECK(signature->size() == 64);
        CHECK(keys.published.verify(message, *signature));
    }
    CHECK(pool.size() == 0);
}

TEST_CASE("pool_signature_fails_for_a_changed_message_or_signature") {
    Keys keys;
    NoncePool pool(keys.key, 1);
    pool.fill(keys.random, 1);
    std::string receipt = "{\"rank\":1}";
    std::string signature = *pool.sign(receipt);
    REQUIRE(keys.published.verify(receipt, signature));
    CHECK_FALSE(keys.published.verify("{\"rank\":2}", signature));
    for (size_t byte : {0u, 31u, 32u, 63u}) {
        std::string tampered = signature;
        tampered[byte] = static_cast<char>(tampered[byte] ^ 1);
        CHECK_FALSE(keys.published.verify(receipt, tampered));
    }
}

TEST_CASE("pool_signatures_of_the_same_message_differ_and_both_verify") {
    Keys keys;
    NoncePool pool(keys.key, 2);
    pool.fill(keys.random, 2);
    std::string first = *pool.sign("receipt"), second = *pool.sign("receipt");
    CHECK(first != second);
    CHECK(keys.published.verify("receipt", first));
    CHECK(keys.published.verify("receipt", second));
}

TEST_CASE("pool_r_values_never_repeat") {
    Keys keys;
    NoncePool pool(keys.key, 300);
    REQUIRE(pool.fill(keys.random, 300) == 300);
    std::set<std::string> r_values;
    while (std::optional<std::string> signature = pool.sign("same message")) r_values.insert(signature->substr(0, 32));
    CHECK(r_values.size() == 300);
}

TEST_CASE("empty_pool_returns_nullopt") {
    Keys keys;
    NoncePool pool(keys.key, 3);
    CHECK_FALSE(pool.sign("m"));
    pool.fill(keys.random, 1);
    CHECK(pool.sign("m"));
    CHECK_FALSE(pool.sign("m"));
}

TEST_CASE("pool_pairs_are_locked_out_of_swap_at_the_default_size") {
    Keys keys;
    NoncePool pool(keys.key, 50000);  // the claim pool's default: 4.8 MB, under Debian's 8 MiB RLIMIT_MEMLOCK
    CHECK(pool.locked_in_memory());
    CHECK(pool.lock_error() == 0);
}

TEST_CASE("pool_fill_stops_at_target") {
    Keys keys;
    NoncePool pool(keys.key, 5);
    CHECK(pool.fill(keys.random, 3) == 3);
    CHECK(pool.size() == 3);
    CHECK(pool.fill(keys.random, 10) == 2);
    CHECK(pool.size() == 5);
    CHECK(pool.fill(keys.random, 10) == 0);
    CHECK(pool.size() == 5);
}

TEST_CASE("pool_needs_a_private_key") {
    Keys keys;
    CHECK_THROWS(NoncePool(keys.published, 10));
}

TEST_CASE("pool_refill_level_is_below_target_even_for_a_tiny_pool") {
    Keys keys;
    CHECK(NoncePool(keys.key, 1).refill_level() == 0);
    CHECK(NoncePool(keys.key, 5).refill_level() == 4);
    CHECK(NoncePool(keys.key, 50).refill_level() == 45);
}

TEST_CASE("pool_filler_fills_to_target_and_refills_below_the_refill_level") {
    Keys keys;
    NoncePool pool(keys.key, 50);
    REQUIRE(pool.refill_level() == 45);
    pool.start_filler();
    REQUIRE(eventually([&] { return pool.size() == 50; }));
    for (int i = 0; i < 10; ++i) REQUIRE(pool.sign("m"));
    CHECK(eventually([&] { return pool.size() == 50; }));
}

TEST_CASE("pool_filler_waits_for_signing_to_pause_before_it_refills") {
    Keys keys;
    NoncePool pool(keys.key, 50);
    pool.start_filler();
    REQUIRE(eventually([&] { return pool.size() == 50; }));
    for (int i = 0; i < 10; ++i) REQUIRE(pool.sign("m"));
    auto last_signed = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    size_t during = pool.size();
    // Only meaningful if this thread really looked within the quiet period.
    if (std::chrono::steady_clock::now() - last_signed < NoncePool::quiet()) CHECK(during == 40);
    CHECK(eventually([&] { return pool.size() == 50; }));
    CHECK(std::chrono::steady_clock::now() - last_signed >= NoncePool::quiet());
}

// Never fails wrongly: a filler that woke too early could only be missed.
TEST_CASE("pool_filler_sleeps_while_the_pool_is_above_the_refill_level") {
    Keys keys;
    NoncePool pool(keys.key, 50);
    pool.start_filler();
    REQUIRE(eventually([&] { return pool.size() == 50; }));
    for (int i = 0; i < 3; ++i) REQUIRE(pool.sign("m"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(pool.size() == 47);
}

TEST_CASE("pool_filler_runs_at_idle_priority") {
    Keys keys;
    size_t idle_before = idle_threads().size();
    NoncePool pool(keys.key, 100000);  // never full during this test
    pool.start_filler();
    REQUIRE(eventually([&] { return pool.size() > 0; }));  // it lowers itself before its first pair
    CHECK(idle_threads().size() == idle_before + 1);
}

TEST_CASE("pool_destroyed_while_its_filler_works_joins_it") {
    Keys keys;
    size_t idle_before = idle_threads().size();
    {
        NoncePool pool(keys.key, 100000);  // a fill of about half a minute, interrupted
        pool.start_filler();
        REQUIRE(eventually([&] { return pool.size() > 2; }));
        REQUIRE(idle_threads().size() == idle_before + 1);
    }
    CHECK(idle_threads().size() == idle_before);
}

TEST_CASE("pool_concurrent_signing_never_reuses_a_nonce") {
    Keys keys;
    NoncePool pool(keys.key, 400);
    REQUIRE(pool.fill(keys.random, 400) == 400);
    std::vector<std::vector<std::pair<std::string, std::string>>> signed_by(4);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < signed_by.size(); ++t) {
        threads.emplace_back([&pool, &signed_by, t] {
            for (int i = 0;; ++i) {
                std::string message = "thread " + std::to_string(t) + " receipt " + std::to_string(i);
                std::optional<std::string> signature = pool.sign(message);
                if (!signature) return;
                signed_by[t].emplace_back(message, *signature);
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    std::set<std::string> r_values;
    size_t total = 0, valid = 0;
    for (const auto& signatures : signed_by) {
        for (const auto& [message, signature] : signatures) {
            ++total;
            if (keys.published.verify(message, signature)) ++valid;
            r_values.insert(signature.substr(0, 32));
        }
    }
    CHECK(total == 400);
    CHECK(valid == 400);
    CHECK(r_values.size() == 400);
}

TEST_CASE("pool_refuses_to_sign_in_a_forked_child") {
    Keys keys;
    NoncePool pool(keys.key, 2);
    pool.fill(keys.random, 2);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) _exit(pool.sign("m") ? 1 : 0);  // the parent's nonces must not be used again
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(pool.sign("m"));  // the parent still can
}
