// Candidate sessions: the cookie holds a 256-bit random token; the database
// holds only its SHA-256. Checking a session is one indexed read, with no
// password hashing and no write, so claims at opening never pay for it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/db.h"

namespace guichet {

inline constexpr const char* kSessionCookie = "guichet_session";

struct Session {
    int64_t account_id = 0;
    int64_t created_at = 0;
    int64_t expires_at = 0;
    int64_t last_seen_at = 0;
};

// The stored key for a cookie value; "" when the value is not a well-formed token.
std::string session_key(const std::string& cookie_token);
// The live session for a cookie value at `now`, if any.
std::optional<Session> find_session(Db& db, const std::string& cookie_token, int64_t now, int64_t idle_ms);
}  // namespace guichet
