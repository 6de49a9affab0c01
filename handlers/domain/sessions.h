// Sessions of candidates and administrators: one module, parametrised by the
// kind (its table, lifetimes, cookie name and per-account cap).
//
// The cookie holds a 256-bit CTR_DRBG token (base64url, 43 characters); the
// table holds only the SHA-256 of its raw bytes (session_key), so a copy of
// the database opens no session. Finding a session is one indexed read, with
// no password hashing and no write, so claims at opening never pay for it;
// idle tracking is a separate touch, written at most once a minute.
//
// Every function runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/config.h"
#include "crypto/random.h"
#include "store/db.h"

namespace guichet {

// The cookies' names. Over HTTPS (GUICHET_COOKIE_SECURE, the default) they
// carry the __Host- prefix, so a browser accepts them only Secure, with
// Path=/ and no Domain: a sibling subdomain or a plain-HTTP page cannot plant
// or overwrite one. The loopback-only local site (plain HTTP) uses the bare names.
inline constexpr const char* kSessionCookie = "guichet_session";
inline constexpr const char* kAdminSessionCookie = "guichet_admin";
inline constexpr const char* kHostSessionCookie = "__Host-guichet_session";
inline constexpr const char* kHostAdminSessionCookie = "__Host-guichet_admin";
// last_seen_at moves at most this often: a page or a dashboard polling every
// few seconds costs no write each time.
inline constexpr int64_t kTouchIntervalMs = 60 * 1000;

struct SessionTable;  // the SQL of one table (sessions.cc)

struct SessionKind {
    const SessionTable* table = nullptr;
    const char* cookie = kSessionCookie;
    int64_t lifetime_ms = 0;   // absolute end after creation
    int64_t idle_ms = 0;       // ends when last_seen_at is this old
    int max_per_account = 0;   // live sessions kept per account; 0 for no cap
};

// Candidates: table sessions, GUICHET_SESSION_HOURS, GUICHET_SESSION_IDLE_MINUTES, GUICHET_SESSION_MAX.
SessionKind candidate_sessions(const Config& config);
// Administrators: table admin_sessions, no cap (GUICHET_ADMIN_SESSION_HOURS and
// GUICHET_ADMIN_IDLE_MINUTES are read by the admin handler's main); `secure`
// is GUICHET_COOKIE_SECURE (the __Host- name).
SessionKind admin_sessions(int64_t lifetime_ms, int64_t idle_ms, bool secure = true);

struct Session {
    int64_t account_id = 0;  // accounts.id or admins.id, by kind
    int64_t created_at = 0;
    int64_t expires_at = 0;
    int64_t last_seen_at = 0;
};

struct NewToken {
    std::string cookie_value;  // base64url of 32 random bytes: goes to the client only
    std::string key;           // SHA-256 of the raw bytes: goes to the database only
};

NewToken new_session_token(Random& random);
// The stored key for a cookie value; "" when the value is not a well-formed token.
std::string session_key(const std::string& cookie_token);

// Inserts a session for the account (expiring lifetime_ms from now), drops the
// account's expired rows, and revokes its oldest live sessions past the cap.
// Returns the session's expires_at.
int64_t open_session(Db& db, const SessionKind& kind, int64_t account_id, const std::string& key, int64_t now);
// The live session for a cookie value at `now`: not revoked, not expired, not idle.
std::optional<Session> find_session(Db& db, const SessionKind& kind, const std::string& cookie_token, int64_t now);
// Moves last_seen_at to now when it is kTouchIntervalMs old or older.
void touch_session(Db& db, const SessionKind& kind, const std::string& key, int64_t last_seen_at, int64_t now);
// Marks the session revoked; true when a live one was revoked.
bool revoke_session(Db& db, const SessionKind& kind, const std::string& key, int64_t now);
// Revokes every live session of the account; returns how many.
int revoke_all_sessions(Db& db, const SessionKind& kind, int64_t account_id, int64_t now);

}  // namespace guichet
