#include "claim/log_publisher.h"

#include <chrono>

#include "base/log.h"
#include "domain/log_publish.h"

namespace guichet::claim {

LogPublisher::LogPublisher(const Config& config, std::string program, const std::string& key_pem, const Clock& clock)
    : config_(config),
      program_(std::move(program)),
      clock_(clock),
      db_(config.db_path, Durability::full),
      period_ms_(env_int("GUICHET_LOG_SECONDS", 5, 1, 3600) * 1000) {
    EcKey::load_private_pem(key_, key_pem);
    prepare_log_dir(config.log_dir);
}

void LogPublisher::start() { thread_ = std::thread([this] { run(); }); }

LogPublisher::~LogPublisher() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

// A failing round (disk full, database busy) is logged once until it changes,
// and tried again next period: the claims never wait for the log's files.
void LogPublisher::round() {
    try {
        publish_log(db_, config_.log_dir, program_, key_, random_, clock_.now());
        if (!last_error_.empty()) log_event(config_.handler, "log published again");
        last_error_.clear();
    } catch (const std::exception& error) {
        if (error.what() != last_error_) log_event(config_.handler, "log not published", error.what());
        last_error_ = error.what();
    }
}

void LogPublisher::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
        lock.unlock();
        round();
        lock.lock();
        if (stop_) return;
        wake_.wait_for(lock, std::chrono::milliseconds(period_ms_), [this] { return stop_; });
        if (stop_) {  // the last round: what was claimed up to the stop
            lock.unlock();
            round();
            return;
        }
    }
}

}  // namespace guichet::claim
