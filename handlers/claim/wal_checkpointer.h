// The claim worker's WAL checkpoints, in a thread of their own.
//
// SQLite checkpoints the WAL in the thread that commits once it holds 1,000
// pages (wal_autocheckpoint): during a burst that was the committer, which
// then copied pages into the database and fsynced it before it could take
// the next batch (a fifth of its time in a perf profile, docs/benchmarks.md).
// The committer's connection turns that off (disable_autocheckpoint) and this
// thread checkpoints instead, PASSIVE (it never waits for a reader or the
// writer, and takes no write lock), every GUICHET_CHECKPOINT_MS (default
// 250) while the worker runs and once when it stops. A commit is durable
// when it is in the WAL (synchronous=FULL): checkpoints only bound the WAL's
// size, and the other pools' connections still checkpoint as before.
#pragma once

#include "os/periodic.h"
#include "store/db.h"

namespace guichet::claim {

// No checkpoint in this connection's commits (PRAGMA wal_autocheckpoint=0).
void disable_autocheckpoint(Db& db);

class WalCheckpointer {
public:
    explicit WalCheckpointer(Db db);  // its own connection, opened before the sandbox
    // Destroyed: a last checkpoint, then the thread stops.
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    void start() { thread_.start(); }
    // One PASSIVE checkpoint; the WAL's frames and how many are now in the
    // database (sqlite3_wal_checkpoint_v2). A busy database is not an error.
    struct Result {
        int log_frames = 0;
        int checkpointed = 0;
    };
    Result checkpoint_once();

private:
    Db db_;
    PeriodicThread thread_;  // last: stopped before the connection closes
};

}  // namespace guichet::claim
