// The accounts handler: candidate accounts and their sessions.
//
//   POST   /api/accounts {email, password, name, lang}  create an account
//          202 {status: verification_sent}, whether or not the address already
//          had an account (no enumeration: the same work and one write either
//          way); a new address gets a verification link, an existing owner a
//          message saying so with a reset link; 422 invalid with fields
//          (password: too_short, too_long, invalid, same_as_email, too_common;
//          email: invalid, ...); 429 rate_limited when the client asked for
//          too many messages this hour (domain/account_tokens.h); 400
//          bad_json; 403 cross_site; 413 too_large; 415 unsupported_media_type.
//   POST   /api/accounts/verify {token}  follow a verification or
//          change-of-address link: 200 {email}; 400 bad_token (unknown, used,
//          expired); 409 conflict when the new address got an account since.
//   POST   /api/password-reset {email}  202 {status: reset_sent} whatever the
//          address (one write either way); a known one gets a link valid one
//          hour, at most 3 an hour; 429 as for signup.
//   POST   /api/password-reset/confirm {token, password}  204: the password
//          set, the address verified, every session revoked, the owner told;
//          400 bad_token; 422 invalid (fields.password as for signup).
//   PUT    /api/me/email {email, password}  ask to move the account to
//          another address: 202 {status: verification_sent}, a link to the
//          new address (or, when it has an account, a word to its owner);
//          401 no_session; 401 bad_credentials (the current password, throttled
//          as logins are); 429.
//   POST   /api/session {email, password}  log in
//          200 {email, name, lang} with the session and lang cookies;
//          401 bad_credentials (unknown address and wrong password alike, in
//          about the same time); 429 rate_limited with Retry-After (the
//          progressive delay, domain/login_throttle.h); 403 email_unverified
//          (only once the password is right; a new link is sent); 400, 403,
//          413, 415, 422 as above.
//   DELETE /api/session  log out: 204, the session revoked server-side, the
//          cookie cleared (also 204 without a session); 403 cross_site.
//   GET    /api/me  200 {email, name, lang}; 401 no_session.
//
// Every path: 404 not_found for another path under the handler, 405
// method_not_allowed with Allow, 503 unavailable when the database is busy.
// nginx adds 429 (per-address limit_req) and 503 busy (pool queue bound).
#pragma once

#include <string>

#include "accounts/password_policy.h"
#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"
#include "crypto/random.h"
#include "http/request.h"
#include "http/response.h"
#include "http/routes.h"

namespace guichet::accounts {

// Bodies are two or four short fields; nginx caps them at 16 KiB before us.
inline constexpr size_t kBodyLimit = 4096;

struct Context {
    Context(Config config, Db db, CommonPasswords common_passwords);
    Config config;
    Db db;
    Random random;
    CommonPasswords common_passwords;
    // Verified against when the address is unknown, so that answer costs one
    // PBKDF2 at the configured cost, like a wrong password.
    std::string dummy_hash;
    const Clock* clock = &system_clock();  // tests set a TestClock
};

// The handler's routes (see the statuses above), and one request through them.
const RouteTable<Context>& routes();
Response handle(const Request& request, Context& context);

Response create_account(const Request& request, Context& context);
Response log_in(const Request& request, Context& context);
Response log_out(const Request& request, Context& context);
Response show_me(const Request& request, Context& context);
Response verify_email(const Request& request, Context& context);
Response request_password_reset(const Request& request, Context& context);
Response confirm_password_reset(const Request& request, Context& context);
Response request_email_change(const Request& request, Context& context);

// 429 rate_limited with Retry-After: the client asked for too many messages
// (domain/account_tokens.h) or, for a change of address, too many passwords.
[[noreturn]] void too_many_requests(int64_t retry_after_s);

// The body of a state-changing request, after the cross-site check (403);
// the route table has checked its content type (415) and length (413).
std::string checked_json_body(const Request& request, const Context& context);

// Where the common password list is: GUICHET_COMMON_PASSWORDS, else
// common-passwords.txt beside the program definition (the repository's db/).
std::string common_passwords_path(const Config& config);

}  // namespace guichet::accounts
