// The session cookie of a request, for either kind (domain/sessions.h): read
// from the Cookie header, checked against the store, and the Set-Cookie
// values that open and close it.
#pragma once

#include <string>

#include "base/config.h"
#include "domain/sessions.h"
#include "http/request.h"
#include "store/db.h"

namespace guichet {

// The request's token for the kind's cookie ("" when absent).
std::string session_token(const Request& request, const SessionKind& kind);
// The request's live candidate session at `now`; throws ApiError(Err::no_session) (401) otherwise.
// Read-only: callable inside the caller's read transaction (the claim's hot
// path, which must not write sessions at opening).
Session require_session(Db& db, const Request& request, const Config& config, int64_t now);
// The same, and then keep_alive: for every other authenticated request. Must
// be called outside a transaction.
Session require_live_session(Db& db, const Request& request, const Config& config, int64_t now);
// The idle clock: when the session was last seen kTouchIntervalMs ago or more,
// moves last_seen_at to now in a short write of its own, so any authenticated
// request keeps a session alive at the cost of at most one write a minute. It
// never waits for the write lock (Transaction::try_write): while another
// connection holds it the touch is skipped, and the next request tries again,
// so a busy database costs the idle clock, never the answer (an idle clock that
// lags can only end a session sooner). Outside a transaction.
void keep_alive(Db& db, const SessionKind& kind, const std::string& cookie_token, const Session& session, int64_t now);

// Set-Cookie values: HttpOnly, SameSite=Strict, Path=/, Secure unless the
// site runs without TLS (GUICHET_COOKIE_SECURE=0); Max-Age is the kind's lifetime.
std::string session_cookie(const SessionKind& kind, const std::string& cookie_value, bool secure);
std::string cleared_session_cookie(const SessionKind& kind, bool secure);

}  // namespace guichet
