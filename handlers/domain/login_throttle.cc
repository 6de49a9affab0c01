#include "domain/login_throttle.h"

#include <algorithm>

#include "crypto/digest.h"

namespace guichet {

namespace {

struct Count {
    int64_t failures = 0;
    int64_t last_at = 0;
};

Count read_count(Db& db, const std::string& subject, const std::string& client, int64_t now) {
    Stmt stmt = db.prepare("SELECT failures, last_failed_at FROM login_attempts WHERE subject = ?1 AND client = ?2");
    stmt.bind_blob(1, subject.data(), subject.size()).bind(2, client);
    Count count;
    if (stmt.step()) count = Count{stmt.int64(0), stmt.int64(1)};
    if (count.last_at < now - kFailureMemoryMs) count = Count{};  // a day old: starts again
    return count;
}

void count_failure(Db& db, const std::string& subject, const std::string& client, int64_t now) {
    db.prepare(
          "INSERT INTO login_attempts (subject, client, failures, last_failed_at) VALUES (?1, ?2, 1, ?3) "
          "ON CONFLICT (subject, client) DO UPDATE SET "
          "failures = CASE WHEN login_attempts.last_failed_at < ?3 - ?4 THEN 1 ELSE login_attempts.failures + 1 END, "
          "last_failed_at = ?3")
        .bind_blob(1, subject.data(), subject.size())
        .bind(2, client)
        .bind(3, now)
        .bind(4, kFailureMemoryMs)
        .run();
}

const std::string kClientTotal;  // the empty subject

}  // namespace

int64_t login_delay_seconds(int64_t failures, int64_t free_failures) {
    if (failures < free_failures) return 0;
    int64_t delay = kFirstDelaySeconds;
    for (int64_t i = free_failures; i < failures && delay < kMaxDelaySeconds; ++i) delay *= 2;
    return std::min(delay, kMaxDelaySeconds);
}

int64_t login_wait_seconds(int64_t failures, int64_t last_failed_at_ms, int64_t now_ms, int64_t free_failures) {
    int64_t until = last_failed_at_ms + login_delay_seconds(failures, free_failures) * 1000;
    if (now_ms >= until) return 0;
    return (until - now_ms + 999) / 1000;  // whole seconds, rounded up
}

std::string candidate_subject(const std::string& email) { return sha256("candidate:" + email); }
std::string admin_subject(const std::string& name) { return sha256("admin:" + name); }

int64_t reserve_attempt(Db& db, const std::string& subject, const std::string& client, int64_t now) {
    Count pair = read_count(db, subject, client, now);
    Count total = read_count(db, kClientTotal, client, now);
    int64_t wait = std::max(login_wait_seconds(pair.failures, pair.last_at, now),
                            login_wait_seconds(total.failures, total.last_at, now, kClientFreeFailures));
    if (wait > 0) return wait;
    db.prepare("DELETE FROM login_attempts WHERE last_failed_at < ?1").bind(1, now - kFailureMemoryMs).run();
    count_failure(db, subject, client, now);
    count_failure(db, kClientTotal, client, now);
    return 0;
}

void clear_attempt(Db& db, const std::string& subject, const std::string& client) {
    db.prepare("DELETE FROM login_attempts WHERE subject = ?1 AND client = ?2")
        .bind_blob(1, subject.data(), subject.size())
        .bind(2, client)
        .run();
    db.prepare("UPDATE login_attempts SET failures = CASE WHEN failures > 1 THEN failures - 1 ELSE 0 END WHERE subject = ?1 AND client = ?2")
        .bind_blob(1, kClientTotal.data(), kClientTotal.size())
        .bind(2, client)
        .run();
}

}  // namespace guichet
