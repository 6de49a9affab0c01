// Turns at SQLite's write lock between processes (docs/claims.md, "Turns at
// the write lock").
//
// SQLite's waiting serves no one first: a writer polls the lock every 50 to
// 200 µs (store/db.cc, busy_wait), and a process that commits and begins
// again at once, as a claim worker's committer does while its queue is full,
// takes it back before the poller's next try. Measured with 2 ms transactions
// back to back (lock_turns_test.cc, 11 runs on 2026-12-07): the waiter got the
// lock after 28 to 598 ms, behind 16 to 292 of them; with turns after 0 to
// 3 ms (12 runs), behind 1 or 2 (the 6 that counted). (An order inversion of 1.2 s at
// 10,000 connections is what led here; turns did not change the inversions
// make bench measured: docs/benchmarks.md.)
//
// So a waiting writer says so, in a small file beside the database
// (<database>-turns, mapped by every process): its pid and the time of its
// last poll. A writer that has just committed, seeing another process's poll
// less than 1 ms old, steps aside until that one has the lock (it clears the
// pid) or 2 ms have passed. Nothing waits on it: a waiter that died is
// forgotten 1 ms after its last poll, and without the file (it could not be
// made or mapped) writers simply do not take turns.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace guichet {

class LockTurns {
public:
    // The process's one mapping of database_path's turns file (made with the
    // database file's mode when missing); null when it cannot be had.
    static std::shared_ptr<LockTurns> of(const std::string& database_path);
    static std::string file_of(const std::string& database_path) { return database_path + "-turns"; }

    void waiting();       // from the busy handler, at each poll
    void got_lock();      // this process's BEGIN succeeded after waiting
    void after_commit();  // a write transaction of this process committed

    LockTurns(const LockTurns&) = delete;
    LockTurns& operator=(const LockTurns&) = delete;
    ~LockTurns();

    struct Shared {
        std::atomic<uint32_t> pid;      // the last process that polled, 0 once it has the lock
        std::atomic<uint64_t> seen_us;  // when it last polled (CLOCK_MONOTONIC, µs)
    };

private:
    explicit LockTurns(Shared* shared) : shared_(shared) {}
    Shared* shared_;
};

}  // namespace guichet
