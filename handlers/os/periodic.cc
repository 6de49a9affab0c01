#include "os/periodic.h"

#include <pthread.h>
#include <signal.h>

#include <chrono>

#include "base/log.h"

namespace guichet {

PeriodicThread::PeriodicThread(std::string handler, std::string name, int64_t interval_ms,
                               std::function<void()> work)
    : handler_(std::move(handler)), name_(std::move(name)), interval_ms_(interval_ms), work_(std::move(work)) {}

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
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            work_();
        } catch (const std::exception& error) {
            log_event(handler_, name_ + "_failed", error.what());
        }
        lock.lock();
        wake_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stopping_; });
    }
}

}  // namespace guichet
