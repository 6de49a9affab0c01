// Group commit: many claims in one transaction, refusals alone, failures whole.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "claim/committer.h"
#include "claim/test_batching.h"
#include "claim/test_db.h"
#include "base/api_error.h"
#include "domain/claim_log.h"
#include "tools/guichet-seed/seed.h"

using namespace guichet;
using namespace guichet::claim;

TEST_CASE("committer_records_concurrent_claims_with_distinct_contiguous_ranks") {
    Batching b(40);
    for (size_t i = 0; i < 40; ++i) b.claim(i);
    b.join();
    std::set<int64_t> ranks;
    for (size_t i = 0; i < 40; ++i) {
        const Result& result = b.results[i];
        REQUIRE(result.outcome);
        CHECK(result.outcome->created);
        ranks.insert(rank_in(result.outcome->receipt));
    }
    CHECK(ranks.size() == 40);
    CHECK(*ranks.begin() == 1);
    CHECK(*ranks.rbegin() == 40);
    auto window = load_window(b.t.db);
    CHECK(window->claims_count == 40);
    CHECK(window->places_granted == 10);
    Committer::Stats stats = b.committer.stats();
    CHECK(stats.claims == 40);
    CHECK(stats.batches >= 1);
    CHECK(stats.batches <= 40);
}

TEST_CASE("committer_puts_claims_that_queue_during_a_commit_into_one_batch") {
    Batching b(4);
    b.while_locked([&] {
        b.claim(0);
        REQUIRE(b.wait_for(1, 0));  // a batch of one, waiting for the lock
        for (size_t i = 1; i < 4; ++i) b.claim(i);
        REQUIRE(b.wait_for(1, 3));
    });
    b.join();
    Committer::Stats stats = b.committer.stats();
    CHECK(stats.claims == 4);
    CHECK(stats.batches == 2);
    CHECK(stats.largest == 3);
}

TEST_CASE("committer_carries_the_window_and_the_log_from_claim_to_claim_in_one_batch") {
    Batching b(5, 2);  // two places: the batch of four crosses the last one
    b.one_then_a_batch(5);
    REQUIRE(b.committer.stats().largest == 4);
    std::vector<std::string> by_rank(6);
    for (size_t i = 0; i < 5; ++i) {
        REQUIRE(b.results[i].outcome);
        int64_t rank = rank_in(b.results[i].outcome->receipt);
        REQUIRE(rank >= 1);
        REQUIRE(rank <= 5);
        by_rank[static_cast<size_t>(rank)] = b.results[i].outcome->receipt;
    }
    for (int64_t rank = 1; rank <= 5; ++rank) {
        const std::string& receipt = by_rank[static_cast<size_t>(rank)];
        CHECK(receipt.find(rank <= 2 ? "\"outcome\":\"granted\"" : "\"outcome\":\"waitlisted\"") !=
              std::string::npos);
    }
    auto window = load_window(b.t.db);
    CHECK(window->claims_count == 5);
    CHECK(window->places_granted == 2);
    // One chain: each entry names the one before it, index = rank.
    std::vector<LogEntry> entries = log_entries(b.t.db, 1, 5);
    REQUIRE(entries.size() == 5);
    std::string prev = kLogGenesis;
    for (const LogEntry& entry : entries) {
        CHECK(entry.text.find("\"prev\":\"" + prev + "\"") != std::string::npos);
        CHECK(entry.text.find("\"rank\":" + std::to_string(entry.index)) != std::string::npos);
        prev = entry.hash;
    }
    CHECK(log_head(b.t.db).count == 5);
}

TEST_CASE("committer_refuses_a_non_compliant_claim_alone_and_records_the_rest_of_its_batch") {
    Batching b(3);
    b.t.db.prepare("DELETE FROM documents WHERE account_id = ?1 AND kind = 'passport'")
        .bind(1, b.seeded[1].account_id)
        .run();
    b.while_locked([&] {
        b.claim(0);
        REQUIRE(b.wait_for(1, 0));
        b.claim(1);  // not compliant, in the same batch as the next
        b.claim(2);
        REQUIRE(b.wait_for(1, 2));
    });
    b.join();
    CHECK(b.results[1].not_compliant);
    CHECK(b.results[0].outcome->created);
    CHECK(b.results[2].outcome->created);
    CHECK(load_window(b.t.db)->claims_count == 2);
    CHECK_FALSE(find_receipt(b.t.db, b.seeded[1].account_id));
    CHECK(b.committer.stats().taken == 2);
}

TEST_CASE("committer_gives_a_repeat_in_the_same_batch_the_first_claim") {
    Batching b(2);
    b.while_locked([&] {
        b.claim(1, 2);
        REQUIRE(b.wait_for(1, 0));
        b.claim(0, 0);  // the double click, in one batch
        b.claim(0, 1);
        REQUIRE(b.wait_for(1, 2));
    });
    b.join();
    REQUIRE(b.results[0].outcome);
    REQUIRE(b.results[1].outcome);
    CHECK(b.results[0].outcome->created != b.results[1].outcome->created);
    CHECK(b.results[0].outcome->receipt == b.results[1].outcome->receipt);
    CHECK(load_window(b.t.db)->claims_count == 2);
}

TEST_CASE("committer_rolls_back_the_whole_batch_when_a_write_fails") {
    Batching b(5);
    // A write that fails for one candidate, once the checks have passed.
    b.t.db.exec(("CREATE TRIGGER fail_one BEFORE INSERT ON claims WHEN NEW.account_id = " +
                 std::to_string(b.seeded[2].account_id) + " BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
                    .c_str());
    b.t.db.prepare("DELETE FROM documents WHERE account_id = ?1 AND kind = 'passport'")
        .bind(1, b.seeded[4].account_id)
        .run();
    b.one_then_a_batch(5);
    // The non-compliant one is refused, or (if the failing write came first
    // in the batch and ended it before it was judged) told to retry.
    CHECK((b.results[4].not_compliant || b.results[4].error == "unavailable"));
    CHECK_FALSE(b.results[4].outcome);
    CHECK_FALSE(find_receipt(b.t.db, b.seeded[4].account_id));
    // The first claim had its own batch; the other three failed together.
    CHECK(b.results[0].outcome);
    for (size_t i = 1; i < 4; ++i) {
        CHECK_FALSE(b.results[i].outcome);
        CHECK(b.results[i].error == "unavailable");
        CHECK_FALSE(find_receipt(b.t.db, b.seeded[i].account_id));
    }
    CHECK(load_window(b.t.db)->claims_count == 1);
    CHECK(b.committer.stats().claims == 1);
}

TEST_CASE("committer_records_the_claim_unsigned_when_the_signer_fails") {
    Batching b(1);
    b.committer.set_signer([](const std::string&) -> std::optional<std::string> {
        throw std::runtime_error("no signature today");
    });
    b.claim(0);
    b.join();
    REQUIRE(b.results[0].outcome);
    CHECK(b.results[0].outcome->created);
    CHECK_FALSE(b.results[0].outcome->signature);
    auto stored = find_claim(b.t.db, b.seeded[0].account_id);
    REQUIRE(stored);
    CHECK_FALSE(stored->signature);  // signed deterministically whenever shown
}

TEST_CASE("committer_before_start_records_in_the_callers_thread") {
    ClaimDb t;
    t.open_window(1);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    Committer committer(t.connect(), t.program);
    committer.set_identity_key(t.identity_key);
    committer.set_signer([](const std::string&) { return std::optional<std::string>("c2lnbmVk"); });
    ClaimOutcome outcome = committer.submit(seeded[0].account_id, "c0");
    CHECK(outcome.created);
    CHECK(outcome.signature == std::optional<std::string>("c2lnbmVk"));
    auto stored = find_claim(t.db, seeded[0].account_id);
    REQUIRE(stored);
    CHECK(stored->signature == outcome.signature);
    CHECK(stored->receipt == outcome.receipt);
}
