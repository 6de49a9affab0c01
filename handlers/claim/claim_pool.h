// Everything one claim worker holds while it serves (see claim_api.h and
// committer.h): the shared context, one Reader per request thread, the
// receipt-nonce pool and its filler.
//
// GUICHET_CLAIM_THREADS request threads (default 64) share one Committer, so
// claims arriving together are committed together. Receipts are signed under
// the lock with nonces precomputed while the worker is idle (crypto/presign.h):
// GUICHET_CLAIM_NONCES of them per worker (default 50,000; 0 turns this off).
// The worker logs "receipt nonces ready" once its pool is full; with the pool
// empty, receipts are signed deterministically after the commit instead
// (slower, never refused). Each worker also publishes the public log of
// claims (log_publisher.h), one worker at a time, and checkpoints the WAL in
// a thread of its own, not in the committer's (wal_checkpointer.h).
#pragma once

#include <memory>
#include <vector>

#include "claim/claim_api.h"
#include "claim/log_publisher.h"
#include "claim/wal_checkpointer.h"
#include "crypto/presign.h"
#include "os/sandbox.h"

namespace guichet::claim {

int claim_threads();

class ReadyNotice;

class Pool {
public:
    using Thread = claim::Thread;

    // Opens the connections and loads the receipt key and the identity key
    // (before the sandbox).
    Pool(const Config& config, int threads);
    ~Pool();  // logs the committer's figures, then stops the helpers
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // The database, and the public log's folder (written): the keys are in memory by now.
    SandboxRules sandbox_rules();
    // Starts the nonce filler, the committer and the log's publisher (after
    // the sandbox, so they inherit it).
    void start();
    Thread& thread(int i) { return threads_[static_cast<size_t>(i)]; }

private:
    const Config& config_;
    // Declared first, so that it outlives the committer that signs with it.
    std::unique_ptr<NoncePool> nonces_;
    Context context_;
    std::vector<std::unique_ptr<Reader>> readers_;
    std::vector<Thread> threads_;
    std::unique_ptr<ReadyNotice> notice_;
    std::unique_ptr<WalCheckpointer> checkpointer_;  // the committer's checkpoints (wal_checkpointer.h)
    std::unique_ptr<LogPublisher> publisher_;  // last: stopped first
};

}  // namespace guichet::claim
