#include "domain/admin_stats.h"

#include <algorithm>
#include <limits>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "domain/compliance.h"
#include "domain/outbox.h"
#include "domain/identity_duplicates.h"
#include "base/json.h"
#include "os/pool_probe.h"
#include "domain/window.h"

namespace guichet {

const char* const kHandlerPools[6] = {"window", "accounts", "dossier", "upload", "claim", "admin"};

namespace {

constexpr int64_t kBucketMs = 10000;
constexpr int kBuckets = 30;  // five minutes

int64_t count(Db& db, const char* sql) {
    Stmt stmt = db.prepare(sql);
    int64_t n = stmt.step() ? stmt.int64(0) : 0;
    return n;
}

void add_claim_rates(Db& db, json_t* out, int64_t now) {
    int64_t start = (now / kBucketMs - (kBuckets - 1)) * kBucketMs;
    std::vector<int64_t> buckets(kBuckets, 0);
    int64_t last_minute = 0;
    // Ranks follow the order of commit, so the newest claims come first and the
    // scan stops at the first claim older than the chart (a minute of slack for
    // claims committed slightly out of received_at order).
    Stmt stmt = db.prepare("SELECT received_at FROM claims ORDER BY rank DESC");
    while (stmt.step()) {
        int64_t at = stmt.int64(0);
        if (at < start - 60000) break;
        if (at >= start && at < start + kBucketMs * kBuckets) ++buckets[static_cast<size_t>((at - start) / kBucketMs)];
        if (at > now - 60000 && at <= now) ++last_minute;
    }
    json_t* list = json_array();
    for (int i = 0; i < kBuckets; ++i) {
        json_t* item = json_object();
        json_object_set_new(item, "start", json_str(format_time(start + i * kBucketMs)));
        json_object_set_new(item, "per_second", json_real(static_cast<double>(buckets[static_cast<size_t>(i)]) /
                                                          (kBucketMs / 1000.0)));
        json_array_append_new(list, item);
    }
    json_t* rate = json_object();
    json_object_set_new(rate, "bucket_seconds", json_integer(kBucketMs / 1000));
    json_object_set_new(rate, "buckets", list);
    json_object_set_new(out, "claims_rate", rate);
    json_object_set_new(out, "claims_per_second_last_minute", json_real(static_cast<double>(last_minute) / 60.0));
}

// The mailer's queue, as /metrics reports it (guichet_mail_*): a growing
// oldest_seconds or a failing count above 0 means mail is not leaving.
void add_mail_queue(Db& db, json_t* stats, int64_t now) {
    OutboxStats mail = outbox_stats(db);
    json_t* out = json_object();
    json_object_set_new(stats, "mail", out);
    json_object_set_new(out, "queued", json_integer(mail.queued));
    json_object_set_new(out, "failing", json_integer(mail.failing));
    if (mail.queued > 0) {
        json_object_set_new(out, "oldest_created_at", json_str(format_time(mail.oldest_created_at)));
        int64_t age_s = std::max<int64_t>(0, (now - mail.oldest_created_at) / 1000);
        json_object_set_new(out, "oldest_seconds", json_integer(age_s));
    } else {
        json_object_set_new(out, "oldest_created_at", json_null());
        json_object_set_new(out, "oldest_seconds", json_integer(0));
    }
}

}  // namespace

void AccessLogCounter::update() {
    // Everything appended is counted at once (the dashboard wants the total).
    readable_ = tail_.read_new(
        [this](std::string_view line) {
            ++requests_;
            if (line.find("\"status\":503,") != std::string_view::npos) ++status_503_;
        },
        std::numeric_limits<int64_t>::max(), [this] { requests_ = status_503_ = 0; });
}

int64_t count_compliant_dossiers(Db& db, const Program& program, int64_t now) {
    std::vector<int64_t> ids;
    Stmt stmt = db.prepare("SELECT account_id FROM dossiers UNION SELECT account_id FROM documents");
    while (stmt.step()) ids.push_back(stmt.int64(0));
    std::string today = utc_day(now);
    int64_t compliant = 0;
    for (int64_t id : ids) {
        StoredDossier dossier = load_dossier(db, id);
        if (compute_compliance(program, dossier.fields.get(), dossier.documents, today).compliant) ++compliant;
    }
    return compliant;
}

Json collect_stats(Db& db, const StatsInputs& inputs, int64_t now) {
    Json result(json_object());
    json_t* out = result.get();
    json_object_set_new(out, "at", json_str(format_time(now)));
    {
        Transaction tx(db, Transaction::read);
        json_object_set_new(out, "accounts", json_integer(count(db, "SELECT count(*) FROM accounts")));
        json_object_set_new(out, "dossiers_started",
                            json_integer(count(db, "SELECT count(*) FROM (SELECT account_id FROM dossiers "
                                                   "UNION SELECT account_id FROM documents) AS started")));
        if (inputs.program) {
            if (inputs.compliance_max_age_ms == 0 || inputs.compliance.computed_at == 0 ||
                now - inputs.compliance.computed_at >= inputs.compliance_max_age_ms) {
                inputs.compliance.compliant = count_compliant_dossiers(db, *inputs.program, now);
                inputs.compliance.computed_at = now;
            }
            json_object_set_new(out, "dossiers_compliant", json_integer(inputs.compliance.compliant));
            json_object_set_new(out, "compliance_computed_at", json_str(format_time(inputs.compliance.computed_at)));
        } else {
            json_object_set_new(out, "dossiers_compliant", json_null());
        }
        json_object_set_new(out, "claims", json_integer(count(db, "SELECT count(*) FROM claims")));
        // granted: the claims that hold a place (a rejected claim keeps outcome
        // granted in its row, but its place has gone to someone else).
        json_object_set_new(out, "granted",
                            json_integer(count(db, "SELECT count(*) FROM claims c WHERE outcome = 'granted' AND NOT "
                                                   "EXISTS (SELECT 1 FROM reviews r WHERE r.claim_id = c.claim_id "
                                                   "AND r.decision = 'rejected')")));
        json_t* review = json_object();
        json_object_set_new(review, "accepted",
                            json_integer(count(db, "SELECT count(*) FROM reviews WHERE decision = 'accepted'")));
        json_object_set_new(review, "rejected",
                            json_integer(count(db, "SELECT count(*) FROM reviews WHERE decision = 'rejected'")));
        json_object_set_new(review, "offers_open",
                            json_integer(count(db, "SELECT count(*) FROM offers WHERE confirmed_at IS NULL AND "
                                                   "expired_at IS NULL")));
        json_object_set_new(review, "offers_expired",
                            json_integer(count(db, "SELECT count(*) FROM offers WHERE expired_at IS NOT NULL")));
        json_object_set_new(out, "review", review);
        json_object_set_new(out, "waitlisted",
                            json_integer(count(db, "SELECT count(*) FROM claims WHERE outcome = 'waitlisted'")));
        json_object_set_new(out, "pending_draw",
                            json_integer(count(db, "SELECT count(*) FROM claims WHERE outcome = 'pending_draw'")));
        DuplicateCounts duplicates = count_duplicates(db);
        json_object_set_new(out, "duplicates", json_integer(duplicates.duplicates));
        json_object_set_new(out, "duplicate_attempts", json_integer(duplicates.attempts));
        std::optional<Window> window = load_window(db);
        Json public_window = window_public_json(window, now);
        json_object_set_new(out, "places_total", json_integer(window ? window->places_total : 0));
        json_object_set(out, "places_left", json_object_get(public_window.get(), "places_left"));
        json_object_set_new(out, "window", public_window.release());
        add_claim_rates(db, out, now);
        add_mail_queue(db, out, now);
    }
    inputs.access_log.update();
    json_t* http = json_object();
    json_object_set_new(out, "http", http);
    json_object_set_new(http, "source", json_str("logs/access.log"));
    if (inputs.access_log.readable()) {
        json_object_set_new(http, "requests", json_integer(inputs.access_log.requests()));
        json_object_set_new(http, "status_503", json_integer(inputs.access_log.status_503()));
    } else {
        json_object_set_new(http, "requests", json_null());
        json_object_set_new(http, "status_503", json_null());
    }
    json_t* pools = json_array();
    json_object_set_new(out, "pools", pools);
    if (inputs.probe_pools) {
        for (const char* name : kHandlerPools) {
            PoolHealth health = probe_pool(name, inputs.config.data_dir + "/run/" + name + ".sock");
            json_t* item = json_object();
            json_object_set_new(item, "name", json_str(health.name));
            json_object_set_new(item, "state", json_str(health.state));
            json_object_set_new(item, "ms", json_real(health.ms));
            json_object_set_new(item, "detail", json_str(health.detail));
            json_array_append_new(pools, item);
        }
    }
    return result;
}

}  // namespace guichet
