// guichet-admin account logout EMAIL: ends every live session of a candidate
// account at once (a stolen cookie, a shared computer, a support request).
// The candidate logs in again with their password; the claim, the dossier and
// the documents are untouched. Audited.
#include <cctype>
#include <cstdio>

#include "domain/account_store.h"
#include "base/clock.h"
#include "base/json.h"
#include "domain/sessions.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

int cmd_account(Args& args, const Config& config) {
    if (args.size() != 2 || args[0] != "logout") throw UsageError("account needs: logout EMAIL");
    std::string email = args[1];
    for (char& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    Db db(config.db_path);
    Transaction tx(db, Transaction::write);
    std::optional<accounts::Account> account = accounts::find_account_by_email(db, email);
    if (!account) {
        std::fprintf(stderr, "guichet-admin: no account for %s\n", email.c_str());
        return 1;
    }
    int ended = revoke_all_sessions(db, candidate_sessions(config), account->id, now_ms());
    Json after(json_object());
    json_object_set_new(after.get(), "email", json_str(email));
    json_object_set_new(after.get(), "sessions_ended", json_integer(ended));
    write_cli_audit(db, "account_logout", nullptr, after.get());
    tx.commit();
    std::printf("account %s: %d session(s) ended\n", email.c_str(), ended);
    return 0;
}

}  // namespace guichet::admin_cli
