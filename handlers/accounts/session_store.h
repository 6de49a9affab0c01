// Opening, refreshing and closing candidate sessions. The cookie carries a
// 256-bit CTR_DRBG token (base64url, 43 characters); the sessions table holds
// only domain/session.h's session_key of it (SHA-256 of the raw bytes), so a
// copy of the database opens no session.
//
// Only this handler writes sessions: the claim hot path (require_session)
// reads one row and writes nothing, so idle tracking is refreshed here, from
// GET /api/me, at most once a minute per session.
#pragma once

#include <cstdint>
#include <string>

#include "base/config.h"
#include "store/db.h"
#include "crypto/random.h"

namespace guichet::accounts {

inline constexpr int64_t kTouchIntervalMs = 60 * 1000;

struct NewToken {
    std::string cookie_value;  // base64url of 32 random bytes: goes to the client only
    std::string key;           // SHA-256 of the raw bytes: goes to the database only
};

NewToken new_session_token(Random& random);

// Inserts a session for the account and revokes its oldest live sessions past
// config.session_max_per_account; drops the account's expired rows. Call
// inside a write transaction.
void open_session(Db& db, int64_t account_id, const std::string& key, int64_t now, const Config& config);
// Marks the session revoked; true when a live one was revoked.
bool revoke_session(Db& db, const std::string& key, int64_t now);
// Moves last_seen_at to now when it is older than kTouchIntervalMs.
void touch_session(Db& db, const std::string& key, int64_t last_seen_at, int64_t now);

// Set-Cookie values.
std::string session_cookie(const std::string& cookie_value, const Config& config);
std::string cleared_session_cookie(const Config& config);
std::string lang_cookie(const std::string& lang, const Config& config);

}  // namespace guichet::accounts
