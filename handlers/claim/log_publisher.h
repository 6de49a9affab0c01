// The claim pool's publisher of the public log (domain/log_publish.h): a
// thread that publishes a round at start, then every GUICHET_LOG_SECONDS
// (default 5) while the worker runs, and a last one when it stops. It signs
// checkpoints with its own copy of the receipt key, the claim pool's alone,
// and reads through its own connection (a read transaction: it never takes
// the claim lock).
#pragma once

#include <string>

#include "base/clock.h"
#include "base/config.h"
#include "crypto/ecdsa.h"
#include "crypto/random.h"
#include "os/periodic.h"
#include "store/db.h"

namespace guichet::claim {

class LogPublisher {
public:
    // Makes the folder (before the sandbox); key_pem: the receipt key.
    LogPublisher(const Config& config, std::string program, const std::string& key_pem,
                 const Clock& clock = system_clock());
    // Destroyed: a last round, then the thread stops.
    LogPublisher(const LogPublisher&) = delete;
    LogPublisher& operator=(const LogPublisher&) = delete;

    void start() { thread_.start(); }

private:

    const Config& config_;
    std::string program_;
    const Clock& clock_;
    Db db_;
    EcKey key_;
    Random random_;
    PeriodicThread thread_;  // last: stopped before what its rounds use goes
};

}  // namespace guichet::claim
