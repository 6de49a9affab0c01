#include "claim/wal_checkpointer.h"

#include "base/config.h"

namespace guichet::claim {

void disable_autocheckpoint(Db& db) { db.exec("PRAGMA wal_autocheckpoint=0"); }

WalCheckpointer::WalCheckpointer(Db db)
    : db_(std::move(db)),
      thread_("claim", "wal_checkpoint", env_int("GUICHET_CHECKPOINT_MS", 250, 10, 60000),
              [this] { checkpoint_once(); }, PeriodicThread::AtStop::last_turn) {}

WalCheckpointer::Result WalCheckpointer::checkpoint_once() {
    Result result;
    // SQLITE_BUSY: another connection is checkpointing; the next period tries again.
    sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &result.log_frames,
                              &result.checkpointed);
    return result;
}

}  // namespace guichet::claim
