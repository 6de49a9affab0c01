#include "os/periodic.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>

#include "base/log.h"

namespace guichet {

PeriodicThread::PeriodicThread(std::string handler, std::string name, int64_t interval_ms,
                               std::function<void()> work, AtStop at_stop)
    : handler_(std::move(handler)), name_(std::move(name)), interval_ms_(interval_ms), work_(std::move(work)),
      at_stop_(at_stop) {}

PeriodicThread::~PeriodicThread() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void PeriodicThread::start() { thread_ = std::thread([this] { run(); }); }

void PeriodicThread::run() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
    std::string last_error;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        turn(last_error);
        lock.lock();
        wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
    }
    lock.unlock();
    if (at_stop_ == AtStop::last_turn) turn(last_error);
}

// A failure is logged once until it changes (a database down for an hour is
// one line per worker, not one per round), and the first round that works
// again says so.
void PeriodicThread::turn(std::string& last_error) {
    try {
        work_();
        if (!last_error.empty()) log_event(handler_, name_ + "_recovered", "after: " + last_error);
        last_error.clear();
    } catch (const std::exception& error) {
        if (error.what() != last_error) log_event(handler_, name_ + "_failed", error.what());
        last_error = error.what();
    }
}

}  // namespace guichet
