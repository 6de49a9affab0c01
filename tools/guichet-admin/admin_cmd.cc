// guichet-admin admin add|list|remove: the administrators of the console.
#include <cstdio>
#include <iostream>

#include "domain/admin_accounts.h"
#include "base/clock.h"
#include "crypto/password.h"
#include "store/db.h"
#include "base/encoding.h"
#include "base/files.h"
#include "base/json.h"
#include "crypto/random.h"
#include "crypto/totp.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

namespace {

// The first line of a file, or of stdin for "-" / no file.
std::string read_password(const std::string& file) {
    std::string line;
    if (file.empty() || file == "-") {
        std::getline(std::cin, line);
    } else {
        std::optional<std::string> text = read_file(file);
        if (!text) throw std::runtime_error("cannot read " + file);
        line = text->substr(0, text->find('\n'));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (utf8_length(line) < 12 || !valid_text(line)) {
        throw UsageError("the password must be at least 12 characters of text, on one line");
    }
    return line;
}

Json name_value(const std::string& name) {
    Json value(json_object());
    json_object_set_new(value.get(), "name", json_str(name));
    return value;
}

}  // namespace

int cmd_admin(Args& args, const Config& config) {
    if (args.empty()) throw UsageError("admin needs add, list or remove");
    std::string action = args[0];
    args.erase(args.begin());
    Db db(config.db_path);
    if (action == "list") {
        require_no_more(args);
        Transaction tx(db, Transaction::read);
        for (const AdminRecord& admin : list_admins(db)) {
            std::printf("%s\tcreated %s\n", admin.name.c_str(), format_time(admin.created_at).c_str());
        }
        return 0;
    }
    if (args.empty()) throw UsageError("admin " + action + " needs a NAME");
    std::string name = args[0];
    args.erase(args.begin());
    if (!valid_admin_name(name)) throw UsageError("NAME must be 1 to 64 of a-z 0-9 . _ -");
    if (action == "add") {
        std::string password_file = take_option(args, "--password-file");
        require_no_more(args);
        std::string password = read_password(password_file);
        Random random;
        std::string secret = random.bytes(20);
        std::string hash = hash_password(password, password_cost(config), random);
        Transaction tx(db, Transaction::write);
        insert_admin(db, name, hash, secret, now_ms());
        Json after = name_value(name);
        write_cli_audit(db, "admin_add", nullptr, after.get());
        tx.commit();
        std::printf("admin %s added. Scan this into an authenticator app (TOTP, SHA-1, 6 digits, 30 s):\n%s\n"
                    "secret (base32): %s\n",
                    name.c_str(), totp_uri(name, secret).c_str(), base32_encode(secret).c_str());
        return 0;
    }
    if (action == "remove") {
        require_no_more(args);
        Transaction tx(db, Transaction::write);
        if (!delete_admin(db, name)) {
            std::fprintf(stderr, "guichet-admin: no administrator named %s\n", name.c_str());
            return 1;
        }
        Json before = name_value(name);
        write_cli_audit(db, "admin_remove", before.get(), nullptr);
        tx.commit();
        std::printf("admin %s removed (and their sessions)\n", name.c_str());
        return 0;
    }
    throw UsageError("unknown admin action: " + action);
}

}  // namespace guichet::admin_cli
