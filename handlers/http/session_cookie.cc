#include "http/session_cookie.h"

#include "base/api_error.h"
#include "base/clock.h"

namespace guichet {

namespace {

std::string cookie_header(const SessionKind& kind, const std::string& value, int64_t max_age_s, bool secure) {
    return std::string(kind.cookie) + "=" + value + "; Max-Age=" + std::to_string(max_age_s) +
           "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

}  // namespace

std::string session_token(const Request& request, const SessionKind& kind) { return request.cookie(kind.cookie); }

Session require_session(Db& db, const Request& request, const Config& config, int64_t now) {
    SessionKind kind = candidate_sessions(config);
    auto session = find_session(db, kind, session_token(request, kind), now);
    if (!session) throw ApiError(Err::no_session);
    return *session;
}

void keep_alive(Db& db, const SessionKind& kind, const std::string& cookie_token, const Session& session, int64_t now) {
    if (now - session.last_seen_at < kTouchIntervalMs) return;
    try {
        // Never waits for the lock: a claim burst or an operator's command
        // holding it skips this touch, and the next request tries again.
        Transaction tx(db, Transaction::try_write);
        touch_session(db, kind, session_key(cookie_token), session.last_seen_at, now);
        tx.commit();
    } catch (const StoreError& error) {
        if (!error.retryable()) throw;
    }
}

Session require_live_session(Db& db, const Request& request, const Config& config, int64_t now) {
    Session session = require_session(db, request, config, now);
    SessionKind kind = candidate_sessions(config);
    keep_alive(db, kind, session_token(request, kind), session, now);
    return session;
}

std::string session_cookie(const SessionKind& kind, const std::string& cookie_value, bool secure) {
    return cookie_header(kind, cookie_value, kind.lifetime_ms / 1000, secure);
}

std::string cleared_session_cookie(const SessionKind& kind, bool secure) { return cookie_header(kind, "", 0, secure); }

}  // namespace guichet
