// POST /api/accounts: see accounts_api.h.
#include <optional>

#include "domain/account_store.h"
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
    // the same answer after the same work (the hash is computed for both,
    // outside any transaction). The owner of an existing account is not
    // touched; the mailer will tell them (docs/accounts.md).
    account.password_hash = hash_password(input->text("password"), password_cost(context.config), context.random);
    {
        Transaction tx(context.db, Transaction::write);
        if (!email_exists(context.db, account.email)) insert_account(context.db, account, context.clock->now());
        tx.commit();
    }
    Json answer(json_object());
    json_object_set_new(answer.get(), "email", json_str(account.email));
    return json_response(202, answer.get());
}

}  // namespace guichet::accounts
