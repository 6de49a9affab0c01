// Health of a handler pool, seen from outside: connect to its unix socket and
// send one minimal FastCGI request (HEAD /.guichet-probe, which every handler
// answers with a 404 or 405 without touching the database). A worker that
// answers proves the pool accepts and runs requests.
#pragma once

#include <string>

namespace guichet {

struct PoolHealth {
    std::string name;
    // ok: a worker answered; busy: connected but no answer within the timeout;
    // down: socket present but refusing (pool dead); absent: no socket (pool not started).
    std::string state;
    double ms = 0;       // time to the answer
    std::string detail;  // the status line, or the error
};

PoolHealth probe_pool(const std::string& name, const std::string& socket_path, int timeout_ms = 1000);

// The cheaper half of the probe: whether something accepts a connection on the
// pool's socket (the metrics handler's guichet_pool_up, scraped often).
bool pool_accepts(const std::string& socket_path);

}  // namespace guichet
