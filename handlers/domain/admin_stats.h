// Live figures for opening day, shared by GET /api/admin/stats and
// `guichet-admin stats`: counts from the database, claims per second from
// claims.received_at, the mail outbox's queue, 503s from nginx's access log,
// and each pool's health.
#pragma once

#include <jansson.h>

#include <cstdint>
#include <optional>
#include <string>

#include "base/json.h"
#include "base/config.h"
#include "base/log_tail.h"
#include "store/db.h"
#include "domain/program.h"

namespace guichet {

// Counts lines of nginx's access log (JSON lines, see nginx/guichet.conf.in)
// incrementally, through base/log_tail: each update reads only what was
// appended since the last one, and counts again from the top when the file
// was rotated or truncated.
class AccessLogCounter {
public:
    explicit AccessLogCounter(std::string path) : tail_(std::move(path)) {}
    void update();
    int64_t requests() const { return requests_; }
    int64_t status_503() const { return status_503_; }
    bool readable() const { return readable_; }

private:
    LogTail tail_;
    int64_t requests_ = 0;
    int64_t status_503_ = 0;
    bool readable_ = false;
};

// Compliant dossiers are counted by running the compliance rule on each
// dossier; the handler keeps the figure for max_age_ms so a dashboard that
// polls every few seconds does not recompute it each time.
struct ComplianceCount {
    int64_t computed_at = 0;
    int64_t compliant = 0;
};

struct StatsInputs {
    const Config& config;
    const Program* program;  // null when the program could not be loaded
    AccessLogCounter& access_log;
    ComplianceCount& compliance;
    int64_t compliance_max_age_ms = 0;  // 0: always recompute
    bool probe_pools = true;
};

// The handler pools probed for health, by socket name under <data>/run/.
extern const char* const kHandlerPools[6];

// {at, accounts, dossiers_started, dossiers_compliant, compliance_computed_at,
//  claims, granted, waitlisted, pending_draw, places_total, places_left, window,
//  duplicates (accounts refused for another account's claim on their passport),
//  duplicate_attempts (those refusals in all),
//  claims_per_second_last_minute, claims_rate{bucket_seconds, buckets[{start, per_second}]},
//  mail{queued, failing, oldest_created_at (null when none is queued), oldest_seconds},
//  http{source, requests, status_503}, pools[{name, state, ms, detail}]}
Json collect_stats(Db& db, const StatsInputs& inputs, int64_t now);

int64_t count_compliant_dossiers(Db& db, const Program& program, int64_t now);

}  // namespace guichet
