// POST /api/session, DELETE /api/session, GET /api/me: see accounts_api.h.
#include "domain/account_store.h"
#include "domain/account_tokens.h"
#include "domain/outbox.h"
#include "accounts/accounts_api.h"
#include "base/clock.h"
#include "crypto/password.h"
#include "http/csrf.h"
#include "http/input.h"
#include "base/json.h"
#include "domain/login_throttle.h"
#include "domain/sessions.h"
#include "http/session_cookie.h"

namespace guichet::accounts {

namespace {

// A login's password is only compared, never stored: any length up to a
// bound keeps PBKDF2's input small; a too-long one simply does not match.
const std::vector<FieldSpec> kLoginFields = {
    {"email", FieldType::email, true, 3, 254},
    {"password", FieldType::password, true, 1, 1024},
};

Response profile_response(const Account& account) {
    Json body(json_object());
    json_object_set_new(body.get(), "email", json_str(account.email));
    json_object_set_new(body.get(), "name", json_str(account.name));
    json_object_set_new(body.get(), "lang", json_str(account.lang));
    return json_response(200, body.get());
}

std::string lang_cookie(const std::string& lang, const Config& config) {
    // Read by the site's script to pick the page language, so not HttpOnly.
    return "lang=" + lang + "; Max-Age=31536000; Path=/; SameSite=Strict" + (config.cookie_secure ? "; Secure" : "");
}

}  // namespace

Response log_in(const Request& request, Context& context) {
    Input input = parse_input(checked_json_body(request, context), kLoginFields);
    std::string password = input.text("password");
    std::string email = input.text("email");
    // An unknown address goes through the same steps as a known one: the
    // throttle (by the address tried, known or not), one PBKDF2 at the
    // configured cost, the same writes. The attempt is counted before the
    // hash (domain/login_throttle.h), so parallel guesses meet the count.
    std::string subject = candidate_subject(email), client = request.client();
    std::optional<Account> account;
    int64_t wait = 0;
    {
        Transaction tx(context.db, Transaction::write);
        account = find_account_by_email(context.db, email);
        wait = reserve_attempt(context.db, subject, client, context.clock->now());
        tx.commit();
    }
    if (wait > 0) throw ApiError(Err::rate_limited, "login delay").with_retry_after(static_cast<int>(wait));

    bool matches = verify_password(password, account ? account->password_hash : context.dummy_hash);
    if (!account || !matches) throw ApiError(Err::bad_credentials);  // counted already
    std::string new_hash;
    if (needs_rehash(account->password_hash, password_cost(context.config))) {
        new_hash = hash_password(password, password_cost(context.config), context.random);
    }
    if (!account->verified) {
        // The right password, but the address is not shown to be theirs yet:
        // no session, and a fresh link (within the address's hourly share).
        int64_t now = context.clock->now();
        Transaction tx(context.db, Transaction::write);
        clear_attempt(context.db, subject, client);
        if (record_mail_request(context.db, subject, client, now).send) {
            int64_t link = create_token(context.db, TokenPurpose::verify, account->id, account->email, now);
            enqueue_message(context.db, "verify_email", account->id, link, now);
        }
        tx.commit();
        throw ApiError(Err::email_unverified);
    }
    SessionKind kind = candidate_sessions(context.config);
    NewToken token = new_session_token(context.random);
    {
        Transaction tx(context.db, Transaction::write);
        clear_attempt(context.db, subject, client);
        record_successful_login(context.db, account->id, new_hash);
        open_session(context.db, kind, account->id, token.key, context.clock->now());
        tx.commit();
    }
    Response response = profile_response(*account);
    response.header("Set-Cookie", session_cookie(kind, token.cookie_value, context.config.cookie_secure));
    response.header("Set-Cookie", lang_cookie(account->lang, context.config));
    return response;
}

Response log_out(const Request& request, Context& context) {
    require_same_origin(request, context.config.origin);
    SessionKind kind = candidate_sessions(context.config);
    std::string key = session_key(session_token(request, kind));
    if (!key.empty()) {
        Transaction tx(context.db, Transaction::write);
        revoke_session(context.db, kind, key, context.clock->now());
        tx.commit();
    }
    Response response = no_content();
    response.header("Set-Cookie", cleared_session_cookie(kind, context.config.cookie_secure));
    return response;
}

Response show_me(const Request& request, Context& context) {
    SessionKind kind = candidate_sessions(context.config);
    std::string cookie = session_token(request, kind);
    int64_t now = context.clock->now();
    std::optional<Session> session;
    std::optional<Account> account;
    {
        Transaction tx(context.db, Transaction::read);
        session = find_session(context.db, kind, cookie, now);
        if (session) account = find_account_by_id(context.db, session->account_id);
    }
    if (!session || !account) throw ApiError(Err::no_session);
    keep_alive(context.db, kind, cookie, *session, now);
    return profile_response(*account);
}

}  // namespace guichet::accounts
