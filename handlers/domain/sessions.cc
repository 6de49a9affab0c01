#include "domain/sessions.h"

#include "base/encoding.h"
#include "crypto/digest.h"

namespace guichet {

// Both tables have the same columns but the account's (account_id or
// admin_id). The statements are built once per table and kept for the
// process: Db caches prepared statements by the SQL's address.
struct SessionTable {
    SessionTable(const std::string& table, const std::string& owner)
        : insert("INSERT INTO " + table + " (token_hash, " + owner +
                 ", created_at, expires_at, last_seen_at) VALUES (?1, ?2, ?3, ?4, ?3)"),
          find("SELECT " + owner + ", created_at, expires_at, last_seen_at FROM " + table +
               " WHERE token_hash = ?1 AND revoked_at IS NULL"),
          touch("UPDATE " + table + " SET last_seen_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL"),
          revoke("UPDATE " + table + " SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL"),
          revoke_all("UPDATE " + table + " SET revoked_at = ?2 WHERE " + owner + " = ?1 AND revoked_at IS NULL"),
          drop_expired("DELETE FROM " + table + " WHERE " + owner + " = ?1 AND expires_at <= ?2"),
          // The newest sessions stay; the others are revoked (oldest first out).
          revoke_past_cap("UPDATE " + table + " SET revoked_at = ?2 WHERE " + owner +
                          " = ?1 AND revoked_at IS NULL AND token_hash NOT IN (SELECT token_hash FROM " + table +
                          " WHERE " + owner + " = ?1 AND revoked_at IS NULL "
                          "ORDER BY created_at DESC, token_hash = ?4 DESC LIMIT ?3)") {}
    const std::string insert, find, touch, revoke, revoke_all, drop_expired, revoke_past_cap;
};

SessionKind candidate_sessions(const Config& config) {
    static const SessionTable table("sessions", "account_id");
    return SessionKind{&table, config.cookie_secure ? kHostSessionCookie : kSessionCookie, config.session_lifetime_s * 1000, config.session_idle_s * 1000,
                       config.session_max_per_account};
}

SessionKind admin_sessions(int64_t lifetime_ms, int64_t idle_ms, bool secure) {
    static const SessionTable table("admin_sessions", "admin_id");
    return SessionKind{&table, secure ? kHostAdminSessionCookie : kAdminSessionCookie, lifetime_ms, idle_ms, 0};
}

NewToken new_session_token(Random& random) {
    std::string raw = random.bytes(32);
    return NewToken{base64url_encode(raw), sha256(raw)};
}

std::string session_key(const std::string& cookie_token) {
    if (cookie_token.size() != 43) return "";
    auto raw = base64url_decode(cookie_token);
    if (!raw || raw->size() != 32) return "";
    return sha256(*raw);
}

int64_t open_session(Db& db, const SessionKind& kind, int64_t account_id, const std::string& key, int64_t now) {
    const SessionTable& sql = *kind.table;
    int64_t expires_at = now + kind.lifetime_ms;
    db.prepare(sql.drop_expired.c_str()).bind(1, account_id).bind(2, now).run();
    db.prepare(sql.insert.c_str())
        .bind_blob(1, key.data(), key.size())
        .bind(2, account_id)
        .bind(3, now)
        .bind(4, expires_at)
        .run();
    if (kind.max_per_account > 0) {
        db.prepare(sql.revoke_past_cap.c_str())
            .bind(1, account_id)
            .bind(2, now)
            .bind(3, static_cast<int64_t>(kind.max_per_account))
            .bind_blob(4, key.data(), key.size())
            .run();
    }
    return expires_at;
}

std::optional<Session> find_session(Db& db, const SessionKind& kind, const std::string& cookie_token, int64_t now) {
    std::string key = session_key(cookie_token);
    if (key.empty()) return std::nullopt;
    Stmt stmt = db.prepare(kind.table->find.c_str());
    stmt.bind_blob(1, key.data(), key.size());
    if (!stmt.step()) return std::nullopt;
    Session session{stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.int64(3)};
    if (now >= session.expires_at || now - session.last_seen_at >= kind.idle_ms) return std::nullopt;
    return session;
}

void touch_session(Db& db, const SessionKind& kind, const std::string& key, int64_t last_seen_at, int64_t now) {
    if (now - last_seen_at < kTouchIntervalMs) return;
    db.prepare(kind.table->touch.c_str()).bind_blob(1, key.data(), key.size()).bind(2, now).run();
}

bool revoke_session(Db& db, const SessionKind& kind, const std::string& key, int64_t now) {
    db.prepare(kind.table->revoke.c_str()).bind_blob(1, key.data(), key.size()).bind(2, now).run();
    return db.changes() > 0;
}

int revoke_all_sessions(Db& db, const SessionKind& kind, int64_t account_id, int64_t now) {
    db.prepare(kind.table->revoke_all.c_str()).bind(1, account_id).bind(2, now).run();
    return db.changes();
}

}  // namespace guichet
