#include "domain/outbox.h"

#include <algorithm>

#include "domain/account_tokens.h"

namespace guichet {

int outbox_priority(const std::string& kind) {
    if (carries_link(kind) || kind == "promotion") return 0;
    return kind == "window_notice" ? 2 : 1;
}

void enqueue_message(Db& db, const std::string& kind, int64_t account_id, int64_t ref, int64_t now) {
    db.prepare("INSERT INTO outbox (kind, account_id, ref, created_at, next_attempt_at, priority) "
               "VALUES (?1, ?2, ?3, ?4, ?4, ?5) ON CONFLICT (kind, account_id, ref) DO NOTHING")
        .bind(1, kind)
        .bind(2, account_id)
        .bind(3, ref)
        .bind(4, now)
        .bind(5, static_cast<int64_t>(outbox_priority(kind)))
        .defer();
}

int64_t enqueue_for_verified_accounts(Db& db, const std::string& kind, int64_t ref, int64_t now) {
    db.prepare("INSERT INTO outbox (kind, account_id, ref, created_at, next_attempt_at, priority) "
               "SELECT ?1, id, ?2, ?3, ?3, ?4 FROM accounts WHERE verified_at IS NOT NULL "
               "ON CONFLICT (kind, account_id, ref) DO NOTHING")
        .bind(1, kind)
        .bind(2, ref)
        .bind(3, now)
        .bind(4, static_cast<int64_t>(outbox_priority(kind)))
        .run();
    return db.changes();
}

bool has_due(Db& db, int64_t now) {
    Transaction tx(db, Transaction::read);
    Stmt stmt = db.prepare(
        "SELECT 1 FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ?1 "
        "AND (lease_until IS NULL OR lease_until <= ?1) LIMIT 1");
    stmt.bind(1, now);
    return stmt.step();
}

std::vector<OutboxMessage> take_due(Db& db, int64_t now, int limit, int64_t lease_ms, int max_priority) {
    std::vector<OutboxMessage> due;
    Transaction tx(db, Transaction::write);
    {
        Stmt stmt = db.prepare(
            "SELECT id, kind, account_id, ref, created_at, attempts FROM outbox "
            "WHERE sent_at IS NULL AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until <= ?1) "
            "AND priority <= ?3 ORDER BY priority, next_attempt_at, id LIMIT ?2");
        stmt.bind(1, now).bind(2, limit).bind(3, static_cast<int64_t>(max_priority));
        while (stmt.step()) {
            OutboxMessage message;
            message.id = stmt.int64(0);
            message.kind = stmt.text(1);
            message.account_id = stmt.int64(2);
            message.ref = stmt.int64(3);
            message.created_at = stmt.int64(4);
            message.attempts = static_cast<int>(stmt.int64(5));
            due.push_back(std::move(message));
        }
    }
    for (const OutboxMessage& message : due) {
        db.prepare("UPDATE outbox SET lease_until = ?2 WHERE id = ?1").bind(1, message.id).bind(2, now + lease_ms).run();
    }
    tx.commit();
    return due;
}

void mark_sent(Db& db, int64_t id, int64_t now) { mark_all_sent(db, {id}, now); }

void mark_all_sent(Db& db, const std::vector<int64_t>& ids, int64_t now) {
    if (ids.empty()) return;
    Transaction tx(db, Transaction::write);
    for (int64_t id : ids) {
        db.prepare("UPDATE outbox SET sent_at = ?2, lease_until = NULL, last_error = NULL WHERE id = ?1")
            .bind(1, id)
            .bind(2, now)
            .run();
    }
    tx.commit();
}

void mark_failed(Db& db, const OutboxMessage& message, int64_t now, const std::string& error,
                 int64_t first_delay_ms) {
    Transaction tx(db, Transaction::write);
    db.prepare("UPDATE outbox SET attempts = ?2, next_attempt_at = ?3, lease_until = NULL, last_error = ?4 WHERE id = ?1")
        .bind(1, message.id)
        .bind(2, message.attempts + 1)
        .bind(3, now + outbox_retry_delay_ms(message.attempts + 1, first_delay_ms))
        .bind(4, error.substr(0, 500))
        .run();
    tx.commit();
}

int64_t outbox_retry_delay_ms(int failures, int64_t first_delay_ms) {
    int64_t delay = first_delay_ms;
    for (int i = 1; i < failures && delay < 3600 * 1000; ++i) delay *= 2;
    return std::min<int64_t>(delay, 3600 * 1000);
}

std::string message_id(const OutboxMessage& message, const std::string& domain) {
    return "<" + message.kind + "." + std::to_string(message.id) + "." + std::to_string(message.created_at) + "@" +
           domain + ">";
}

OutboxStats outbox_stats(Db& db) {
    OutboxStats stats;
    Stmt stmt = db.prepare(
        "SELECT COUNT(*), COALESCE(MIN(created_at), 0), COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) "
        "FROM outbox "
        "WHERE sent_at IS NULL");
    if (stmt.step()) {
        stats.queued = stmt.int64(0);
        stats.oldest_created_at = stmt.int64(1);
        stats.failing = stmt.int64(2);
    }
    return stats;
}

}  // namespace guichet
