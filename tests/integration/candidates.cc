#include "tests/integration/candidates.h"
#include "tests/integration/portable_sql.h"

#include <stdexcept>

#include "base/clock.h"
#include "crypto/digest.h"
#include "base/encoding.h"
#include "crypto/random.h"
#include "domain/sessions.h"

namespace guichet::test {

namespace {

std::string random_bytes(size_t count) {
    static Random random;
    return random.bytes(count);
}

void run_sql(const Site& site, const std::string& statement) {
    std::string result = site.sql(statement);
    if (result.rfind("error: ", 0) == 0) throw std::runtime_error(result + " in " + statement);
}

}  // namespace

Candidate create_candidate(const Site& site, const std::string& email) {
    Candidate candidate;
    candidate.email = email.empty() ? "candidate-" + hex_encode(random_bytes(6)) + "@example.org" : email;
    // The address is generated or chosen by the test; it never holds a quote.
    if (candidate.email.find('\'') != std::string::npos) throw std::invalid_argument("quote in test email");
    std::string now = std::to_string(now_ms());
    run_sql(site, "INSERT INTO accounts (email, name, lang, password_hash, created_at, verified_at) VALUES ('" +
                      candidate.email + "', 'Test Candidate', 'fr', 'pbkdf2-sha256$1000$AA==$AA==', " + now + ", " +
                      now + ")");
    std::string id = site.sql("SELECT id FROM accounts WHERE email = '" + candidate.email + "'");
    if (id.empty() || id.rfind("error: ", 0) == 0) throw std::runtime_error("account not created: " + id);
    candidate.id = std::stoll(id);
    return candidate;
}

std::string open_session(const Site& site, int64_t account_id) {
    std::string raw = random_bytes(32);
    std::string token = base64url_encode(raw);
    int64_t now = now_ms();
    run_sql(site, "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, last_seen_at) VALUES (" +
                      blob_literal(site, sha256(raw)) + ", " + std::to_string(account_id) + ", " + std::to_string(now) +
                      ", " + std::to_string(now + 24 * 3600 * 1000LL) + ", " + std::to_string(now) + ")");
    return token;
}

void log_in(const Site& site, HttpClient& client, int64_t account_id) {
    client.set_cookie(kSessionCookie, open_session(site, account_id));
}

Candidate create_logged_in_candidate(const Site& site, HttpClient& client) {
    Candidate candidate = create_candidate(site);
    log_in(site, client, candidate.id);
    return candidate;
}

}  // namespace guichet::test
