#include "domain/account_tokens.h"

#include <stdexcept>

#include "base/encoding.h"
#include "crypto/digest.h"

namespace guichet {

namespace {

constexpr int64_t kHourMs = 3600LL * 1000;
// Requests are kept a day (the limits look back an hour).
constexpr int64_t kMailRequestMemoryMs = 24 * kHourMs;

TokenPurpose purpose_from(const std::string& name) {
    if (name == "verify") return TokenPurpose::verify;
    if (name == "reset") return TokenPurpose::reset;
    if (name == "change_email") return TokenPurpose::change_email;
    throw std::runtime_error("account_tokens: unknown purpose " + name);
}

constexpr const char* kColumns =
    "SELECT id, purpose, account_id, email, COALESCE(previous_email, ''), created_at, expires_at, "
    "used_at IS NOT NULL, token_hash IS NOT NULL FROM account_tokens ";

AccountToken read_token(const Stmt& stmt) {
    AccountToken token;
    token.id = stmt.int64(0);
    token.purpose = purpose_from(stmt.text(1));
    token.account_id = stmt.int64(2);
    token.email = stmt.text(3);
    token.previous_email = stmt.text(4);
    token.created_at = stmt.int64(5);
    token.expires_at = stmt.int64(6);
    token.used = stmt.int64(7) != 0;
    token.hashed = stmt.int64(8) != 0;
    return token;
}

int64_t count(Db& db, const char* sql, const std::string& key, int64_t since) {
    Stmt stmt = db.prepare(sql);
    stmt.bind(1, key).bind(2, since);
    stmt.step();
    return stmt.int64(0);
}

}  // namespace

const char* purpose_name(TokenPurpose purpose) {
    switch (purpose) {
        case TokenPurpose::verify: return "verify";
        case TokenPurpose::reset: return "reset";
        case TokenPurpose::change_email: return "change_email";
    }
    return "verify";
}

int64_t link_lifetime_ms(TokenPurpose purpose) {
    switch (purpose) {
        case TokenPurpose::verify: return kVerifyLinkLifetimeMs;
        case TokenPurpose::reset: return kResetLinkLifetimeMs;
        case TokenPurpose::change_email: return kChangeLinkLifetimeMs;
    }
    return kResetLinkLifetimeMs;
}

bool carries_link(const std::string& kind) {
    return kind == "verify_email" || kind == "account_exists" || kind == "password_reset" || kind == "change_email";
}

int64_t create_token(Db& db, TokenPurpose purpose, int64_t account_id, const std::string& email, int64_t now) {
    db.prepare(
          "INSERT INTO account_tokens (purpose, account_id, email, created_at, expires_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, std::string(purpose_name(purpose)))
        .bind(2, account_id)
        .bind(3, email)
        .bind(4, now)
        .bind(5, now + link_lifetime_ms(purpose))
        .run();
    return db.last_insert_id();
}

std::optional<AccountToken> find_token(Db& db, int64_t id) {
    static const std::string sql = std::string(kColumns) + "WHERE id = ?1";
    Stmt stmt = db.prepare(sql.c_str());
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    return read_token(stmt);
}

std::string link_token(const std::string& key, const AccountToken& token) {
    std::string message = std::string("guichet link v1\n") + purpose_name(token.purpose) + "\n" +
                          std::to_string(token.id) + "\n" + std::to_string(token.created_at);
    return base64url_encode(hmac_sha256(key, message));
}

std::string link_token_hash(const std::string& text) {
    if (text.size() != 43) return "";
    std::optional<std::string> raw = base64url_decode(text);
    if (!raw || raw->size() != 32) return "";
    return sha256(*raw);
}

void set_token_hash(Db& db, int64_t id, const std::string& hash) {
    db.prepare("UPDATE account_tokens SET token_hash = ?2 WHERE id = ?1 AND token_hash IS NULL")
        .bind(1, id)
        .bind_blob(2, hash.data(), hash.size())
        .run();
}

std::optional<AccountToken> find_live_token(Db& db, const std::string& hash, int64_t now) {
    if (hash.empty()) return std::nullopt;
    static const std::string sql = std::string(kColumns) + "WHERE token_hash = ?1";
    Stmt stmt = db.prepare(sql.c_str());
    stmt.bind_blob(1, hash.data(), hash.size());
    if (!stmt.step()) return std::nullopt;
    AccountToken token = read_token(stmt);
    if (token.used || now >= token.expires_at) return std::nullopt;
    return token;
}

bool use_token(Db& db, int64_t id, int64_t now) {
    db.prepare("UPDATE account_tokens SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL").bind(1, id).bind(2, now).run();
    return db.changes() > 0;
}

void retire_tokens(Db& db, int64_t account_id, TokenPurpose purpose, int64_t now) {
    db.prepare("UPDATE account_tokens SET used_at = ?3 WHERE account_id = ?1 AND purpose = ?2 AND used_at IS NULL")
        .bind(1, account_id)
        .bind(2, std::string(purpose_name(purpose)))
        .bind(3, now)
        .run();
}

void set_previous_email(Db& db, int64_t id, const std::string& previous_email) {
    db.prepare("UPDATE account_tokens SET previous_email = ?2 WHERE id = ?1").bind(1, id).bind(2, previous_email).run();
}

MailAllowance record_mail_request(Db& db, const std::string& subject_bytes, const std::string& client, int64_t now) {
    // The subject is a hash (login_throttle.h's candidate_subject), and the
    // column is TEXT: PostgreSQL's text refuses bytes that are not UTF-8, so
    // it is kept as hex (rows from before are an hour's memory, then gone).
    const std::string subject = hex_encode(subject_bytes);
    db.prepare("DELETE FROM mail_requests WHERE at < ?1").bind(1, now - kMailRequestMemoryMs).run();
    MailAllowance allowance;
    int64_t since = now - kHourMs;
    Stmt oldest = db.prepare("SELECT COUNT(*), COALESCE(MIN(at), 0) FROM mail_requests WHERE client = ?1 AND at >= ?2");
    oldest.bind(1, client).bind(2, since);
    oldest.step();
    if (oldest.int64(0) >= kMailRequestsPerClientPerHour) {
        // Waits until the oldest request in the hour ages out of it.
        allowance.retry_after_s = std::max<int64_t>(1, (oldest.int64(1) + kHourMs - now + 999) / 1000);
        return allowance;
    }
    allowance.send = count(db, "SELECT COUNT(*) FROM mail_requests WHERE subject = ?1 AND at >= ?2", subject, since) <
                     kMailsPerAddressPerHour;
    db.prepare("INSERT INTO mail_requests (subject, client, at) VALUES (?1, ?2, ?3)")
        .bind(1, subject)
        .bind(2, client)
        .bind(3, now)
        .run();
    return allowance;
}

}  // namespace guichet
