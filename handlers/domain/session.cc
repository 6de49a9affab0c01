#include "domain/session.h"

#include "base/clock.h"
#include "crypto/digest.h"
#include "base/encoding.h"

namespace guichet {

std::string session_key(const std::string& cookie_token) {
    if (cookie_token.size() != 43) return "";
    auto raw = base64url_decode(cookie_token);
    if (!raw || raw->size() != 32) return "";
    return sha256(*raw);
}

std::optional<Session> find_session(Db& db, const std::string& cookie_token, int64_t now, int64_t idle_ms) {
    std::string key = session_key(cookie_token);
    if (key.empty()) return std::nullopt;
    Stmt stmt = db.prepare(
        "SELECT account_id, created_at, expires_at, last_seen_at FROM sessions "
        "WHERE token_hash = ?1 AND revoked_at IS NULL");
    stmt.bind_blob(1, key.data(), key.size());
    if (!stmt.step()) return std::nullopt;
    Session session{stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.int64(3)};
    if (now >= session.expires_at || now - session.last_seen_at >= idle_ms) return std::nullopt;
    return session;
}

}  // namespace guichet
