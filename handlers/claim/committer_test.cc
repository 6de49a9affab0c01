// Group commit: many claims in one transaction, refusals alone, failures whole.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "claim/committer.h"
#include "claim/test_db.h"
#include "common/api_error.h"
#include "tools/guichet-seed/seed.h"

using namespace guichet;
using namespace guichet::claim;

namespace {

// Waits (generously) until `count` claims wait for the next batch.
bool wait_queued(Committer& committer, size_t count) {
    for (int i = 0; i < 2000 && committer.queued() < count; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return committer.queued() == count;
}

// Waits until the committer has taken `count` batches from its queue.
bool wait_taken(Committer& committer, uint64_t count) {
    for (int i = 0; i < 2000 && committer.stats().taken < count; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return committer.stats().taken == count;
}

int64_t rank_in(const std::string& receipt) {
    size_t at = receipt.find("\"rank\":");
    REQUIRE(at != std::string::npos);
    return std::stoll(receipt.substr(at + 7));
}

}  // namespace

TEST_CASE("committer_records_concurrent_claims_with_distinct_contiguous_ranks") {
    ClaimDb t;
    t.open_window(10);
    auto seeded = seed::seed_candidates(t.db, t.program, 40, t.random);
    Committer committer(t.connect(), t.program);
    committer.start();
    std::vector<ClaimOutcome> outcomes(seeded.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < seeded.size(); ++i) {
        threads.emplace_back([&, i] { outcomes[i] = committer.submit(seeded[i].account_id, "c" + std::to_string(i)); });
    }
    for (auto& thread : threads) thread.join();
    std::set<int64_t> ranks;
    for (const auto& outcome : outcomes) {
        CHECK(outcome.created);
        ranks.insert(rank_in(outcome.receipt));
    }
    CHECK(ranks.size() == seeded.size());
    CHECK(*ranks.begin() == 1);
    CHECK(*ranks.rbegin() == static_cast<int64_t>(seeded.size()));
    auto window = load_window(t.db);
    CHECK(window->claims_count == 40);
    CHECK(window->places_granted == 10);
    Committer::Stats stats = committer.stats();
    CHECK(stats.claims == 40);
    CHECK(stats.batches >= 1);
    CHECK(stats.batches <= 40);
}

TEST_CASE("committer_puts_claims_that_queue_during_a_commit_into_one_batch") {
    ClaimDb t;
    t.open_window(10);
    auto seeded = seed::seed_candidates(t.db, t.program, 4, t.random);
    Committer committer(t.connect(), t.program);
    committer.start();
    std::vector<std::thread> threads;
    {
        // Another writer holds the lock: the first claim's batch waits for it,
        // and the three that come next queue behind it.
        Db other = t.connect();
        Transaction held(other, Transaction::write);
        threads.emplace_back([&] { committer.submit(seeded[0].account_id, "c0"); });
        REQUIRE(wait_taken(committer, 1));  // a batch of one, waiting for the lock
        for (size_t i = 1; i < 4; ++i) {
            threads.emplace_back([&, i] { committer.submit(seeded[i].account_id, "c" + std::to_string(i)); });
        }
        REQUIRE(wait_queued(committer, 3));
    }  // rolled back: the lock is free
    for (auto& thread : threads) thread.join();
    Committer::Stats stats = committer.stats();
    CHECK(stats.claims == 4);
    CHECK(stats.batches == 2);
    CHECK(stats.largest == 3);
}

TEST_CASE("committer_refuses_a_non_compliant_claim_alone_and_records_the_rest_of_its_batch") {
    ClaimDb t;
    t.open_window(10);
    auto seeded = seed::seed_candidates(t.db, t.program, 3, t.random);
    t.db.prepare("DELETE FROM documents WHERE account_id = ?1 AND kind = 'passport'").bind(1, seeded[1].account_id).run();
    Committer committer(t.connect(), t.program);
    committer.start();
    std::vector<std::thread> threads;
    bool refused = false;
    int created = 0;
    std::mutex results;
    {
        Db other = t.connect();
        Transaction held(other, Transaction::write);
        auto claim = [&](size_t i) {
            try {
                ClaimOutcome outcome = committer.submit(seeded[i].account_id, "c" + std::to_string(i));
                std::lock_guard<std::mutex> hold(results);
                created += outcome.created ? 1 : 0;
            } catch (const NotCompliant&) {
                std::lock_guard<std::mutex> hold(results);
                refused = i == 1;
            }
        };
        // The first is taken alone; the non-compliant one and the third wait together.
        threads.emplace_back(claim, 0);
        REQUIRE(wait_taken(committer, 1));
        threads.emplace_back(claim, 1);
        threads.emplace_back(claim, 2);
        REQUIRE(wait_queued(committer, 2));
    }
    for (auto& thread : threads) thread.join();
    CHECK(refused);
    CHECK(created == 2);
    CHECK(load_window(t.db)->claims_count == 2);
    CHECK_FALSE(find_receipt(t.db, seeded[1].account_id));
    CHECK(committer.stats().taken == 2);
}

TEST_CASE("committer_gives_a_repeat_in_the_same_batch_the_first_claim") {
    ClaimDb t;
    t.open_window(10);
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    Committer committer(t.connect(), t.program);
    committer.start();
    std::vector<ClaimOutcome> outcomes(2);
    std::vector<std::thread> threads;
    {
        Db other = t.connect();
        Transaction held(other, Transaction::write);
        threads.emplace_back([&] { committer.submit(seeded[1].account_id, "other"); });
        REQUIRE(wait_taken(committer, 1));
        for (size_t i = 0; i < 2; ++i) {
            threads.emplace_back([&, i] { outcomes[i] = committer.submit(seeded[0].account_id, "c" + std::to_string(i)); });
        }
        REQUIRE(wait_queued(committer, 2));  // the double click, in one batch
    }
    for (auto& thread : threads) thread.join();
    CHECK(outcomes[0].created != outcomes[1].created);
    CHECK(outcomes[0].receipt == outcomes[1].receipt);
    CHECK(load_window(t.db)->claims_count == 2);
    CHECK(committer.stats().taken == 2);
}

TEST_CASE("committer_rolls_back_the_whole_batch_when_a_write_fails") {
    ClaimDb t;
    t.open_window(10);
    auto seeded = seed::seed_candidates(t.db, t.program, 4, t.random);
    // A write that fails for one candidate, once the checks have passed.
    t.db.exec(("CREATE TRIGGER fail_one BEFORE INSERT ON claims WHEN NEW.account_id = " +
               std::to_string(seeded[2].account_id) + " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
                  .c_str());
    Committer committer(t.connect(), t.program);
    committer.start();
    std::vector<std::thread> threads;
    std::vector<int> failed(4, 0);
    {
        Db other = t.connect();
        Transaction held(other, Transaction::write);
        threads.emplace_back([&] { committer.submit(seeded[0].account_id, "c0"); });
        REQUIRE(wait_taken(committer, 1));
        for (size_t i = 1; i < 4; ++i) {
            threads.emplace_back([&, i] {
                try {
                    committer.submit(seeded[i].account_id, "c" + std::to_string(i));
                } catch (const ApiError&) {
                    failed[i] = 1;
                }
            });
        }
        REQUIRE(wait_queued(committer, 3));
    }
    for (auto& thread : threads) thread.join();
    // The first claim had its own batch; the other three failed together.
    CHECK(failed == std::vector<int>{0, 1, 1, 1});
    CHECK(load_window(t.db)->claims_count == 1);
    CHECK(find_receipt(t.db, seeded[0].account_id));
    for (size_t i = 1; i < 4; ++i) CHECK_FALSE(find_receipt(t.db, seeded[i].account_id));
    CHECK(committer.stats().claims == 1);
}

TEST_CASE("committer_before_start_records_in_the_callers_thread") {
    ClaimDb t;
    t.open_window(1);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    Committer committer(t.connect(), t.program);
    committer.set_signer([](const std::string&) { return std::optional<std::string>("c2lnbmVk"); });
    ClaimOutcome outcome = committer.submit(seeded[0].account_id, "c0");
    CHECK(outcome.created);
    CHECK(outcome.signature == std::optional<std::string>("c2lnbmVk"));
    auto stored = find_claim(t.db, seeded[0].account_id);
    REQUIRE(stored);
    CHECK(stored->signature == outcome.signature);
    CHECK(stored->receipt == outcome.receipt);
}
