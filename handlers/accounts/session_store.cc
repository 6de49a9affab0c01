#include "accounts/session_store.h"

#include "crypto/digest.h"
#include "base/encoding.h"
#include "domain/session.h"

namespace guichet::accounts {

NewToken new_session_token(Random& random) {
    std::string raw = random.bytes(32);
    NewToken token{base64url_encode(raw), sha256(raw)};
    return token;
}

void open_session(Db& db, int64_t account_id, const std::string& key, int64_t now, const Config& config) {
    db.prepare("DELETE FROM sessions WHERE account_id = ?1 AND expires_at <= ?2")
        .bind(1, account_id)
        .bind(2, now)
        .run();
    db.prepare(
          "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at) "
          "VALUES (?1, ?2, ?3, ?4, ?3)")
        .bind_blob(1, key.data(), key.size())
        .bind(2, account_id)
        .bind(3, now)
        .bind(4, now + config.session_lifetime_s * 1000)
        .run();
    // The newest sessions stay; the others are revoked (oldest first out).
    db.prepare(
          "UPDATE sessions SET revoked_at = ?2 WHERE account_id = ?1 AND revoked_at IS NULL "
          "AND token_hash NOT IN (SELECT token_hash FROM sessions WHERE account_id = ?1 AND revoked_at IS NULL "
          "ORDER BY created_at DESC, token_hash = ?4 DESC LIMIT ?3)")
        .bind(1, account_id)
        .bind(2, now)
        .bind(3, static_cast<int64_t>(config.session_max_per_account))
        .bind_blob(4, key.data(), key.size())
        .run();
}

bool revoke_session(Db& db, const std::string& key, int64_t now) {
    db.prepare("UPDATE sessions SET revoked_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL")
        .bind_blob(1, key.data(), key.size())
        .bind(2, now)
        .run();
    return db.changes() > 0;
}

void touch_session(Db& db, const std::string& key, int64_t last_seen_at, int64_t now) {
    if (now - last_seen_at < kTouchIntervalMs) return;
    db.prepare("UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1 AND revoked_at IS NULL")
        .bind_blob(1, key.data(), key.size())
        .bind(2, now)
        .run();
}

namespace {

std::string attributes(const Config& config) { return config.cookie_secure ? "; Secure" : ""; }

}  // namespace

std::string session_cookie(const std::string& cookie_value, const Config& config) {
    return std::string(kSessionCookie) + "=" + cookie_value + "; Max-Age=" +
           std::to_string(config.session_lifetime_s) + "; Path=/; HttpOnly; SameSite=Strict" + attributes(config);
}

std::string cleared_session_cookie(const Config& config) {
    return std::string(kSessionCookie) + "=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict" + attributes(config);
}

std::string lang_cookie(const std::string& lang, const Config& config) {
    // Read by the site's script to pick the page language, so not HttpOnly.
    return "lang=" + lang + "; Max-Age=31536000; Path=/; SameSite=Strict" + attributes(config);
}

}  // namespace guichet::accounts
