#include "admin/review_sweeper.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>

#include "base/log.h"
#include "domain/promotion.h"

namespace guichet::admin {

ReviewSweeper::ReviewSweeper(Db db, int64_t interval_ms, int64_t promotion_ms, const Clock& clock)
    : db_(std::move(db)), interval_ms_(interval_ms), promotion_ms_(promotion_ms), clock_(clock) {}

ReviewSweeper::~ReviewSweeper() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void ReviewSweeper::start() { thread_ = std::thread([this] { run(); }); }

void ReviewSweeper::run() {
    // Stop signals belong to the serving loop (http/serve.h): its handler must
    // interrupt the accept, which runs in the main thread.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            int expired = sweep_offers(db_, clock_.now(), promotion_ms_, Actor{"sweep", "admin"});
            if (expired > 0) log_event("admin", "offers_expired", std::to_string(expired));
        } catch (const std::exception& error) {
            log_event("admin", "sweep_failed", error.what());  // tried again at the next turn
        }
        lock.lock();
        wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
    }
}

}  // namespace guichet::admin
