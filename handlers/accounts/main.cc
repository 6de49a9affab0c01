// guichet-accounts: a FastCGI worker for /api/accounts, /api/session and
// /api/me (see accounts_api.h).
#include "accounts/accounts_api.h"
#include "os/sandbox.h"
#include "http/serve.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("accounts");
    std::string list_path = accounts::common_passwords_path(config);
    try {
        accounts::Context context(config, Db(config.db_path, config.sync_full ? Durability::full : Durability::normal),
                                  accounts::CommonPasswords::load(list_path));
        enter_sandbox(config, database_rules(context.db));  // the database only
        return serve_fastcgi(config, [&](const Request& request) { return accounts::handle(request, context); });
    } catch (const std::exception& error) {
        log_event("accounts", "cannot start", error.what());
        return 1;
    }
}
