#include "claim/wal_checkpointer.h"

#include <chrono>

#include "base/config.h"

namespace guichet::claim {

void disable_autocheckpoint(Db& db) { db.exec("PRAGMA wal_autocheckpoint=0"); }

WalCheckpointer::WalCheckpointer(Db db)
    : db_(std::move(db)), period_ms_(env_int("GUICHET_CHECKPOINT_MS", 250, 10, 60000)) {}

void WalCheckpointer::start() { thread_ = std::thread([this] { run(); }); }

WalCheckpointer::~WalCheckpointer() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

WalCheckpointer::Result WalCheckpointer::checkpoint_once() {
    Result result;
    // SQLITE_BUSY: another connection is checkpointing; the next period tries again.
    sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &result.log_frames,
                              &result.checkpointed);
    return result;
}

void WalCheckpointer::run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
        wake_.wait_for(lock, std::chrono::milliseconds(period_ms_), [this] { return stop_; });
        lock.unlock();
        checkpoint_once();
        lock.lock();
    }
}

}  // namespace guichet::claim
