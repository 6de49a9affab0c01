// Single-use links sent by email (db/migrations/0013_account_tokens.sql):
// verify an address at signup, reset a password, confirm a change of address.
//
// The accounts handler creates the row and, in the same transaction, the
// outbox message that carries the link (domain/outbox.h). The link's token is
// derived by the mailer alone, from its key and the row (link_token), so the
// database never holds a usable token, not even in a backup: the mailer
// writes the token's SHA-256 into the row before the message leaves
// (set_token_hash), and a link that comes back is found by that hash. The
// same row always gives the same token, so a message sent again is the same
// message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/db.h"

namespace guichet {

enum class TokenPurpose { verify, reset, change_email };
const char* purpose_name(TokenPurpose purpose);

inline constexpr int64_t kVerifyLinkLifetimeMs = 72LL * 3600 * 1000;
inline constexpr int64_t kResetLinkLifetimeMs = 3600LL * 1000;
inline constexpr int64_t kChangeLinkLifetimeMs = 24LL * 3600 * 1000;
int64_t link_lifetime_ms(TokenPurpose purpose);

struct AccountToken {
    int64_t id = 0;
    TokenPurpose purpose = TokenPurpose::verify;
    int64_t account_id = 0;
    std::string email;
    std::string previous_email;
    int64_t created_at = 0;
    int64_t expires_at = 0;
    bool used = false;
    bool hashed = false;  // the mailer has derived its token
};

// The outbox kinds whose message carries one of these links (verify_email,
// account_exists, password_reset, change_email).
bool carries_link(const std::string& kind);

// A new link row, inside the caller's write transaction; returns its id.
int64_t create_token(Db& db, TokenPurpose purpose, int64_t account_id, const std::string& email, int64_t now);
std::optional<AccountToken> find_token(Db& db, int64_t id);

// The token of a row: base64url of HMAC-SHA256(key, purpose, id, created_at),
// 256 bits. Only the mailer holds the key.
std::string link_token(const std::string& key, const AccountToken& token);
// SHA-256 of the decoded token; "" when `text` is not 43 characters of base64url.
std::string link_token_hash(const std::string& text);
// Inside a write transaction; a row that has its hash keeps it.
void set_token_hash(Db& db, int64_t id, const std::string& hash);

// The unused, unexpired link whose token hashes to `hash` (any purpose: the
// caller checks it), inside the caller's transaction.
std::optional<AccountToken> find_live_token(Db& db, const std::string& hash, int64_t now);
// Marks the link followed; false when it already was (a second request).
bool use_token(Db& db, int64_t id, int64_t now);
// Retires every unused link of the account for `purpose` (after a reset, the
// other reset links; after a change of address, the links to the old one).
void retire_tokens(Db& db, int64_t account_id, TokenPurpose purpose, int64_t now);
// Records the address a change_email link replaced.
void set_previous_email(Db& db, int64_t id, const std::string& previous_email);

// Messages asked for by someone not logged in (signup, password reset):
// at most kMailsPerAddressPerHour per address (more are silently not sent:
// the earlier links still work) and kMailRequestsPerClientPerHour per client
// (more get 429). Inside a write transaction: records the request, known
// address or not, and answers.
inline constexpr int64_t kMailsPerAddressPerHour = 3;
inline constexpr int64_t kMailRequestsPerClientPerHour = 20;
struct MailAllowance {
    bool send = false;              // false: the address had its share this hour
    int64_t retry_after_s = 0;      // > 0: the client had its share (429)
};
MailAllowance record_mail_request(Db& db, const std::string& subject, const std::string& client, int64_t now);

}  // namespace guichet
