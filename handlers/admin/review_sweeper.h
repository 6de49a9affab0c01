// What moves expired offers on when nobody clicks: a thread in each admin
// worker that sweeps (domain/promotion.h sweep_offers) every
// GUICHET_REVIEW_SWEEP_SECONDS (default 60) on its own connection. The sweep
// is a read while nothing is due, so an idle site never takes the write lock
// for it; two workers sweeping at once are serialised by BEGIN IMMEDIATE and
// the second finds nothing left to do.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "store/db.h"

namespace guichet::admin {

class ReviewSweeper {
public:
    ReviewSweeper(Db db, int64_t interval_ms, int64_t promotion_ms, const Clock& clock = system_clock());
    ~ReviewSweeper();  // stops and joins
    ReviewSweeper(const ReviewSweeper&) = delete;
    ReviewSweeper& operator=(const ReviewSweeper&) = delete;
    void start();  // once sandboxed, so the thread inherits the sandbox

private:
    void run();
    Db db_;
    int64_t interval_ms_;
    int64_t promotion_ms_;
    const Clock& clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace guichet::admin
