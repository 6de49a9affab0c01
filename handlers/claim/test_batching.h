// The committer's test fixture: claims submitted from threads of their own
// against a started committer, for committer_test.cc and identity_claim_test.cc.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/api_error.h"
#include "claim/committer.h"
#include "claim/test_db.h"
#include "tools/guichet-seed/seed.h"

namespace guichet::claim {

// What one submitted claim came to.
struct Result {
    std::optional<ClaimOutcome> outcome;
    bool not_compliant = false;
    std::string error;  // an ApiError's code
};

// A started committer over a fresh database with an open window and
// `count` claim-ready candidates. Claims run in threads of their own, which
// the fixture always joins (even when a REQUIRE fails half-way).
struct Batching {
    ClaimDb t;
    std::vector<seed::SeededCandidate> seeded;
    Committer committer;
    std::vector<Result> results;
    std::mutex results_mutex;
    std::vector<std::thread> threads;

    explicit Batching(size_t count, int64_t places = 10)
        : seeded(seed::seed_candidates(t.db, t.program, static_cast<int64_t>(count), t.random)),
          committer(t.connect(), t.program),
          results(2 * count) {
        t.open_window(places);
        committer.set_identity_key(t.identity_key);
        committer.start();
    }
    ~Batching() { join(); }

    // Candidate `who` claims in a new thread; the outcome lands in results[slot]
    // (slots below 2 × count; the claim id is "c<slot>", so slots must differ).
    void claim(size_t who, size_t slot) {
        threads.emplace_back([this, who, slot] {
            Result result;
            try {
                result.outcome = committer.submit(seeded[who].account_id, "c" + std::to_string(slot));
            } catch (const NotCompliant&) {
                result.not_compliant = true;
            } catch (const ApiError& error) {
                result.error = error.code();
            }
            std::lock_guard<std::mutex> hold(results_mutex);
            results[slot] = std::move(result);
        });
    }
    void claim(size_t who) { claim(who, who); }
    void join() {
        for (auto& thread : threads) {
            if (thread.joinable()) thread.join();
        }
    }

    // Another writer holds the lock while `queue_up` runs, so that claims
    // submitted meanwhile wait in the queue; then the lock is freed.
    void while_locked(const std::function<void()>& queue_up) {
        Db other = t.connect();
        Transaction held(other, Transaction::write);
        queue_up();
    }

    // Candidate 0 claims alone (its batch waits for the lock another writer
    // holds), then candidates 1..count-1 claim while it waits: they are the
    // next batch, all together. Returns once every claim is answered.
    void one_then_a_batch(size_t count) {
        while_locked([&] {
            claim(0);
            REQUIRE(wait_for(1, 0));
            for (size_t i = 1; i < count; ++i) claim(i);
            REQUIRE(wait_for(1, count - 1));
        });
        join();
    }

    // Waits (generously) until the committer has taken `batches` batches and
    // `claims` claims wait for the next one.
    bool wait_for(uint64_t batches, size_t claims) {
        for (int i = 0; i < 2000; ++i) {
            if (committer.stats().taken == batches && committer.queued() == claims) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    }
};

inline int64_t rank_in(const std::string& receipt) {
    size_t at = receipt.find("\"rank\":");
    REQUIRE(at != std::string::npos);
    return std::stoll(receipt.substr(at + 7));
}


}  // namespace guichet::claim
