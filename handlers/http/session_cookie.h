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
Session require_session(Db& db, const Request& request, const Config& config, int64_t now);

// Set-Cookie values: HttpOnly, SameSite=Strict, Path=/, Secure unless the
// site runs without TLS (GUICHET_COOKIE_SECURE=0); Max-Age is the kind's lifetime.
std::string session_cookie(const SessionKind& kind, const std::string& cookie_value, bool secure);
std::string cleared_session_cookie(const SessionKind& kind, bool secure);

}  // namespace guichet
