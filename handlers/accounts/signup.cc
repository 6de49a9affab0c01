// POST /api/accounts: see accounts_api.h.
#include <optional>

#include "domain/account_store.h"
#include "domain/account_tokens.h"
#include "domain/login_throttle.h"
#include "domain/outbox.h"
#include "accounts/accounts_api.h"
#include "crypto/password.h"
#include "base/clock.h"
#include "http/input.h"
#include "base/json.h"

namespace guichet::accounts {

namespace {

const FieldSpec kEmail{"email", FieldType::email, true, 3, 254};
const std::vector<FieldSpec> kAccountFields = {
    kEmail,
    {"password", FieldType::password, true, kPasswordMinLength, kPasswordMaxLength},
    {"name", FieldType::text, true, 1, 100},
    {"lang", FieldType::lang, true},
};

// The password rules input.h cannot express (not the email, not common), run
// also when other fields are wrong so one 422 lists every problem.
std::string policy_problem(const json_t* object, const Context& context) {
    const json_t* password = json_object_get(object, "password");
    if (!json_is_string(password)) return "";
    std::string email;
    int64_t unused = 0;
    const json_t* email_value = json_object_get(object, "email");
    if (!email_value || !validate_value(email_value, kEmail, &email, &unused).empty()) email.clear();
    return password_problem(std::string_view(json_string_value(password), json_string_length(password)), email,
                            context.common_passwords);
}

}  // namespace

Response create_account(const Request& request, Context& context) {
    std::string body = checked_json_body(request, context);
    Json object = json_parse_object(body);
    std::map<std::string, std::string> problems;
    std::optional<Input> input;
    try {
        input = parse_input(body, kAccountFields);
    } catch (const ApiError& error) {
        if (error.err() != Err::invalid) throw;
        problems = error.fields();
    }
    if (!problems.count("password")) {
        std::string problem = policy_problem(object.get(), context);
        if (!problem.empty()) problems["password"] = problem;
    }
    if (!problems.empty()) throw ApiError(Err::invalid, std::move(problems));

    Account account;
    account.email = input->text("email");
    account.name = input->text("name");
    account.lang = input->text("lang");
    // No enumeration: a new address and one that already has an account get
    // the same answer after the same work: the hash is computed for both,
    // outside any transaction, then one write records the request and
    // queues one message. A new address gets its verification link; the
    // owner of an existing one is told, with a reset link, and their account
    // is not touched.
    account.password_hash = hash_password(input->text("password"), password_cost(context.config), context.random);
    int64_t now = context.clock->now();
    MailAllowance allowance;
    {
        Transaction tx(context.db, Transaction::write);
        allowance = record_mail_request(context.db, candidate_subject(account.email), request.client(), now);
        std::optional<Account> existing = find_account_by_email(context.db, account.email);
        if (allowance.retry_after_s > 0) {
            // the client asked too often: nothing is created or sent
        } else if (!existing) {
            int64_t id = insert_account(context.db, account, now);
            int64_t token = create_token(context.db, TokenPurpose::verify, id, account.email, now);
            enqueue_message(context.db, "verify_email", id, token, now);
        } else if (allowance.send) {
            int64_t token = create_token(context.db, TokenPurpose::reset, existing->id, existing->email, now);
            enqueue_message(context.db, "account_exists", existing->id, token, now);
        }
        tx.commit();
    }
    if (allowance.retry_after_s > 0) too_many_requests(allowance.retry_after_s);
    Json answer(json_object());
    json_object_set_new(answer.get(), "status", json_string("verification_sent"));
    return json_response(202, answer.get());
}

}  // namespace guichet::accounts
