// Group commit for the claim pool: the claims that arrive while one batch is
// being committed are recorded together in the next write transaction, with
// one fsync for all of them, instead of one transaction and one fsync each.
//
// Request threads call submit(), which blocks until the transaction holding
// the claim has committed durably (synchronous=FULL) or failed; no answer
// leaves before that, so a 201 still means the claim is on disk. The batch is
// what accumulated during the previous commit (at most max_batch claims): no
// claim ever waits for a timer. Ranks follow the order of recording.
//
// In a batch, a claim that is refused (not compliant, window not open, account
// gone, duplicate identity) is refused alone: refusals happen before any
// write, except a duplicate identity's record of the attempt, which is kept
// with the batch. A failure while
// writing, or of the commit itself (disk full, I/O error, busy beyond the
// timeout), rolls back the whole batch and every claim in it that was not
// refused gets a 503 with Retry-After (nothing of it was recorded).
//
// Before start() (unit tests, the fuzzer) submit() records the claim in the
// caller's thread, one transaction per claim.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "claim/claim_place.h"
#include "claim/dossier_judgment.h"
#include "store/db.h"
#include "domain/program.h"

namespace guichet::claim {

// The most claims in one transaction.
inline constexpr size_t kMaxBatch = 512;

class Committer {
public:
    // clock: the arrival times, read under the lock, claim by claim.
    Committer(Db db, const Program& program, size_t max_batch = kMaxBatch, const Clock& clock = system_clock());
    ~Committer();  // records what was submitted, then stops
    Committer(const Committer&) = delete;
    Committer& operator=(const Committer&) = delete;

    // The signer used under the lock (see claim_place.h); set before start().
    void set_signer(Signer sign) { sign_ = std::move(sign); }
    // The identity's HMAC key (domain/identity.h); set before start().
    void set_identity_key(std::string key) { identity_key_ = std::move(key); }
    void start();

    // Blocks until the claim is recorded (durably) or refused; rethrows the
    // refusal or the batch's failure.
    // judgment: the dossier as the caller judged it before the lock
    // (dossier_judgment.h), checked against the rows under the lock.
    ClaimOutcome submit(int64_t account_id, const std::string& claim_id,
                        std::optional<DossierJudgment> judgment = std::nullopt);
    const std::string& identity_key() const { return identity_key_; }

    Db& db() { return db_; }
    size_t queued();  // claims waiting for the next batch

    struct Stats {
        uint64_t batches = 0;  // committed transactions holding at least one new claim
        uint64_t claims = 0;   // new claims in them
        uint64_t largest = 0;  // most new claims in one
        uint64_t taken = 0;    // batches taken from the queue, recorded or not
        // Where the committer's time went, in microseconds of wall time (the
        // claim pool logs them when it stops): waiting for the write lock
        // (BEGIN IMMEDIATE: another worker's committer holds it), placing the
        // claims under it, and COMMIT (the fsync).
        uint64_t lock_us = 0;
        uint64_t place_us = 0;
        uint64_t commit_us = 0;
    };
    Stats stats();

private:
    struct Job {
        int64_t account_id;
        std::string claim_id;
        std::optional<DossierJudgment> judgment;
        ClaimOutcome outcome;
        std::exception_ptr error;
        bool done = false;
        std::condition_variable wake;  // its submitter waits here: a batch wakes only its own
    };
    void run();
    void record_batch(const std::vector<Job*>& batch);
    static void fail_batch(const std::vector<Job*>& batch, std::exception_ptr cause);

    Db db_;
    const Program& program_;
    const Clock& clock_;
    Signer sign_;
    std::string identity_key_;
    size_t max_batch_;
    std::mutex mutex_;
    std::condition_variable work_;  // the committer waits for claims
    std::deque<Job*> queue_;
    bool stopping_ = false;
    Stats stats_;
    std::thread thread_;
};

}  // namespace guichet::claim
