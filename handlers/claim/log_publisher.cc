#include "claim/log_publisher.h"

#include "domain/log_publish.h"

namespace guichet::claim {

// A failing round (disk full, database busy) is logged once until it changes
// ("log_failed", then "log_recovered"), and tried again next period: the
// claims never wait for the log's files.
LogPublisher::LogPublisher(const Config& config, std::string program, const std::string& key_pem, const Clock& clock)
    : config_(config),
      program_(std::move(program)),
      clock_(clock),
      db_(config.db_path, Durability::full),
      thread_(config.handler, "log", env_int("GUICHET_LOG_SECONDS", 5, 1, 3600) * 1000,
              [this] { publish_log(db_, config_.claim_log_dir, program_, key_, random_, clock_.now()); },
              PeriodicThread::AtStop::last_turn) {
    EcKey::load_private_pem(key_, key_pem);
    prepare_log_dir(config.claim_log_dir);
}

}  // namespace guichet::claim
