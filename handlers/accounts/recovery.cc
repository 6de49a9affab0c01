// POST /api/accounts/verify, POST /api/password-reset,
// POST /api/password-reset/confirm, PUT /api/me/email: see accounts_api.h.
#include <optional>

#include "accounts/accounts_api.h"
#include "base/clock.h"
#include "base/json.h"
#include "crypto/password.h"
#include "domain/account_store.h"
#include "domain/account_tokens.h"
#include "domain/login_throttle.h"
#include "domain/outbox.h"
#include "domain/sessions.h"
#include "http/input.h"
#include "http/session_cookie.h"

namespace guichet::accounts {

namespace {

const FieldSpec kEmail{"email", FieldType::email, true, 3, 254};
// A token that is not 43 characters of base64url finds nothing: one answer
// (bad_token) for every wrong link, whatever its shape.
const FieldSpec kToken{"token", FieldType::text, true, 1, 200};
const std::vector<FieldSpec> kVerifyFields = {kToken};
const std::vector<FieldSpec> kResetFields = {kEmail};
const std::vector<FieldSpec> kConfirmFields = {
    kToken, {"password", FieldType::password, true, kPasswordMinLength, kPasswordMaxLength}};
const std::vector<FieldSpec> kChangeFields = {kEmail, {"password", FieldType::password, true, 1, 1024}};

Response status_response(int status, const char* value) {
    Json body(json_object());
    json_object_set_new(body.get(), "status", json_string(value));
    return json_response(status, body.get());
}

}  // namespace

void too_many_requests(int64_t retry_after_s) {
    throw ApiError(Err::rate_limited, "mail requests").with_retry_after(static_cast<int>(retry_after_s));
}

Response verify_email(const Request& request, Context& context) {
    Input input = parse_input(checked_json_body(request, context), kVerifyFields);
    std::string hash = link_token_hash(input.text("token"));
    int64_t now = context.clock->now();
    std::string email;
    bool taken = false;
    {
        Transaction tx(context.db, Transaction::write);
        std::optional<AccountToken> token = find_live_token(context.db, hash, now);
        if (!token || token->purpose == TokenPurpose::reset) throw ApiError(Err::bad_token);
        std::optional<Account> account = find_account_by_id(context.db, token->account_id);
        if (!account) throw ApiError(Err::bad_token);
        use_token(context.db, token->id, now);
        if (token->purpose == TokenPurpose::verify) {
            mark_verified(context.db, account->id, now);
            email = account->email;
        } else if (change_email(context.db, account->id, token->email, now)) {
            // The old address is told, and its reset links stop working.
            set_previous_email(context.db, token->id, account->email);
            retire_tokens(context.db, account->id, TokenPurpose::reset, now);
            retire_tokens(context.db, account->id, TokenPurpose::change_email, now);
            enqueue_message(context.db, "email_changed", account->id, token->id, now);
            email = token->email;
        } else {
            taken = true;  // another account took the address since the link was sent
        }
        tx.commit();
    }
    if (taken) throw ApiError(Err::conflict, "the new address has an account now");
    Json body(json_object());
    json_object_set_new(body.get(), "email", json_str(email));
    return json_response(200, body.get());
}

Response request_password_reset(const Request& request, Context& context) {
    Input input = parse_input(checked_json_body(request, context), kResetFields);
    std::string email = input.text("email");
    int64_t now = context.clock->now();
    MailAllowance allowance;
    {
        // The same write for a known and an unknown address (the request is
        // recorded either way): the answer's time says nothing.
        Transaction tx(context.db, Transaction::write);
        allowance = record_mail_request(context.db, candidate_subject(email), request.client(), now);
        std::optional<Account> account = find_account_by_email(context.db, email);
        if (account && allowance.send && allowance.retry_after_s == 0) {
            int64_t token = create_token(context.db, TokenPurpose::reset, account->id, account->email, now);
            enqueue_message(context.db, "password_reset", account->id, token, now);
        }
        tx.commit();
    }
    if (allowance.retry_after_s > 0) too_many_requests(allowance.retry_after_s);
    return status_response(202, "reset_sent");
}

Response confirm_password_reset(const Request& request, Context& context) {
    Input input = parse_input(checked_json_body(request, context), kConfirmFields);
    std::string hash = link_token_hash(input.text("token"));
    std::string password = input.text("password");
    std::optional<AccountToken> token;
    std::optional<Account> account;
    {
        Transaction tx(context.db, Transaction::read);
        token = find_live_token(context.db, hash, context.clock->now());
        if (token && token->purpose == TokenPurpose::reset) account = find_account_by_id(context.db, token->account_id);
    }
    if (!account) throw ApiError(Err::bad_token);
    std::string problem = password_problem(password, account->email, context.common_passwords);
    if (!problem.empty()) throw ApiError(Err::invalid, {{"password", problem}});
    // Hashed outside any transaction; the link is checked again under the lock.
    std::string new_hash = hash_password(password, password_cost(context.config), context.random);
    int64_t now = context.clock->now();
    {
        Transaction tx(context.db, Transaction::write);
        token = find_live_token(context.db, hash, now);
        if (!token || token->purpose != TokenPurpose::reset) throw ApiError(Err::bad_token);
        use_token(context.db, token->id, now);
        retire_tokens(context.db, token->account_id, TokenPurpose::reset, now);
        set_password_hash(context.db, token->account_id, new_hash);
        mark_verified(context.db, token->account_id, now);  // the link reached the mailbox
        revoke_all_sessions(context.db, candidate_sessions(context.config), token->account_id, now);
        enqueue_message(context.db, "password_changed", token->account_id, token->id, now);
        tx.commit();
    }
    return no_content();
}

Response request_email_change(const Request& request, Context& context) {
    Input input = parse_input(checked_json_body(request, context), kChangeFields);
    std::string new_email = input.text("email");
    Session session = require_live_session(context.db, request, context.config, context.clock->now());
    std::optional<Account> account;
    int64_t wait = 0;
    std::string client = request.client();
    {
        // The current password again, throttled as a login is: a stolen
        // session alone cannot move the account to another mailbox.
        Transaction tx(context.db, Transaction::write);
        account = find_account_by_id(context.db, session.account_id);
        if (!account) throw ApiError(Err::no_session);
        wait = reserve_attempt(context.db, candidate_subject(account->email), client, context.clock->now());
        tx.commit();
    }
    if (wait > 0) too_many_requests(wait);
    if (!verify_password(input.text("password"), account->password_hash)) throw ApiError(Err::bad_credentials);
    int64_t now = context.clock->now();
    MailAllowance allowance;
    {
        Transaction tx(context.db, Transaction::write);
        clear_attempt(context.db, candidate_subject(account->email), client);
        allowance = record_mail_request(context.db, candidate_subject(new_email), client, now);
        if (allowance.send && allowance.retry_after_s == 0 && new_email != account->email) {
            std::optional<Account> owner = find_account_by_email(context.db, new_email);
            if (owner) {
                // The address has an account already: its owner is told that
                // nothing changed, and the asker learns nothing here.
                enqueue_message(context.db, "email_taken", owner->id, now, now);
            } else {
                retire_tokens(context.db, account->id, TokenPurpose::change_email, now);
                int64_t token = create_token(context.db, TokenPurpose::change_email, account->id, new_email, now);
                enqueue_message(context.db, "change_email", account->id, token, now);
            }
        }
        tx.commit();
    }
    if (allowance.retry_after_s > 0) too_many_requests(allowance.retry_after_s);
    return status_response(202, "verification_sent");
}

}  // namespace guichet::accounts
