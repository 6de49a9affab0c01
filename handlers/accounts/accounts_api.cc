#include "accounts/accounts_api.h"

#include "crypto/password.h"
#include "http/csrf.h"

namespace guichet::accounts {

Context::Context(Config config_in, Db db_in, CommonPasswords common_in)
    : config(std::move(config_in)), db(std::move(db_in)), common_passwords(std::move(common_in)) {
    dummy_hash = dummy_password_hash(password_cost(config), random);
}

namespace {

const RouteTable<Context> kRoutes = {
    {{{"POST"}, "/api/accounts", "application/json", kBodyLimit}, create_account},
    {{{"POST"}, "/api/session", "application/json", kBodyLimit}, log_in},
    {{{"DELETE"}, "/api/session", "", kNoBody}, log_out},
    {{{"GET"}, "/api/me", "", kNoBody}, show_me},
    {{{"POST"}, "/api/accounts/verify", "application/json", kBodyLimit}, verify_email},
    {{{"POST"}, "/api/password-reset", "application/json", kBodyLimit}, request_password_reset},
    {{{"POST"}, "/api/password-reset/confirm", "application/json", kBodyLimit}, confirm_password_reset},
    {{{"PUT"}, "/api/me/email", "application/json", kBodyLimit}, request_email_change},
};

}  // namespace

const RouteTable<Context>& routes() { return kRoutes; }

Response handle(const Request& request, Context& context) { return dispatch(kRoutes, request, context); }

std::string checked_json_body(const Request& request, const Context& context) {
    require_same_origin(request, context.config.origin);
    return request.body(kBodyLimit);
}

std::string common_passwords_path(const Config& config) {
    std::string dir = config.program_path.substr(0, config.program_path.rfind('/') + 1);
    return env_or("GUICHET_COMMON_PASSWORDS", dir + "common-passwords.txt");
}

}  // namespace guichet::accounts
