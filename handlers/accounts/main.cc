// guichet-accounts: a FastCGI worker for /api/accounts, /api/session and
// /api/me (see accounts_api.h).
#include "accounts/accounts_api.h"
#include "http/run_pool.h"

int main() {
    using namespace guichet;
    using accounts::Context;
    return run_pool<Context>(
        "accounts",
        [](const Config& config) {
            Durability durability = config.sync_full ? Durability::full : Durability::normal;
            return std::make_unique<Context>(config, Db(config.db_path, durability),
                                             accounts::CommonPasswords::load(accounts::common_passwords_path(config)));
        },
        [](const Config&, Context& context) { return database_rules(context.db); },  // the database only
        accounts::routes());
}
