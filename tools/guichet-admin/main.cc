// guichet-admin: see commands.h. Usage: guichet-admin [--data DIR] COMMAND ...
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "base/api_error.h"
#include "tools/guichet-admin/commands.h"

namespace {

const char kUsage[] =
    "usage: guichet-admin [--data DIR] COMMAND ...\n"
    "  migrate [--migrations DIR]     apply the database migrations (creates the database)\n"
    "  keygen                         create missing secrets (session, mail link and identity keys, receipt key pair)\n"
    "  window show\n"
    "  window set --opens-at T --closes-at T --places N [--policy fcfs|lottery] [--draw-ends-at T]\n"
    "                                 T is RFC 3339 (2026-02-16T13:30:00Z) or +SECONDS from now\n"
    "  window pause [--no-banner] | resume [--no-banner] | close\n"
    "  draw                           run the lottery's draw once, after the draw period (docs/lottery.md)\n"
    "  draw publish                   write <data>/status/draw.json again from the database\n"
    "  review list [--json]           the claims that hold or held a place, with decision and offer\n"
    "  review accept|reject CLAIM_ID --reason TEXT   a final decision; a rejection offers the place to the next\n"
    "  review sweep                   move offers past their deadline on to the next in line\n"
    "  banner show\n"
    "  banner set --level none|info|warning|outage --fr TEXT --en TEXT\n"
    "  banner clear\n"
    "  documents gc [--temp-minutes N] remove unreferenced document files and stale staged uploads\n"

    "  admin add NAME [--password-file FILE]   (password on stdin otherwise; prints the TOTP otpauth:// URI)\n"
    "  admin list | admin remove NAME\n"
    "  account logout EMAIL           end every session of a candidate account (audited)\n"
    "  stats [--no-probe] [--program FILE]      live figures as JSON (the console's dashboard)\n"
    "  export claims.csv|claims.json|audit.csv [--output FILE]\n"
    "  audit [--limit N] [--csv]                the latest audit rows\n"
    "  duplicates [--csv] [--output FILE]       claims refused as another account's passport (audited)\n"
    "  backup FILE [--force]                    online backup, checked with integrity_check\n"
    "  restore FILE [--force]                   refuses while handler pools run unless --force\n"
    "Changes (window, banner, admin, export, duplicates, backup, restore) are written to the audit log as cli:<user>.\n";

struct Command {
    const char* name;
    int (*run)(guichet::admin_cli::Args&, const guichet::Config&);
};

const Command kCommands[] = {
    {"migrate", guichet::admin_cli::cmd_migrate},
    {"keygen", guichet::admin_cli::cmd_keygen},
    {"window", guichet::admin_cli::cmd_window},
    {"draw", guichet::admin_cli::cmd_draw},
    {"review", guichet::admin_cli::cmd_review},
    {"banner", guichet::admin_cli::cmd_banner},
    {"documents", guichet::admin_cli::cmd_documents},
    {"admin", guichet::admin_cli::cmd_admin},
    {"account", guichet::admin_cli::cmd_account},
    {"stats", guichet::admin_cli::cmd_stats},
    {"export", guichet::admin_cli::cmd_export},
    {"audit", guichet::admin_cli::cmd_audit},
    {"duplicates", guichet::admin_cli::cmd_duplicates},
    {"backup", guichet::admin_cli::cmd_backup},
    {"restore", guichet::admin_cli::cmd_restore},
};

}  // namespace

int main(int argc, char** argv) {
    using namespace guichet;
    admin_cli::Args args(argv + 1, argv + argc);
    try {
        std::string data = admin_cli::take_option(args, "--data");
        if (!data.empty()) setenv("GUICHET_DATA", data.c_str(), 1);
        Config config = Config::from_environment("admin-cli");
        if (args.empty() || args[0] == "help" || args[0] == "--help") {
            std::fputs(kUsage, args.empty() ? stderr : stdout);
            return args.empty() ? 2 : 0;
        }
        std::string name = args[0];
        args.erase(args.begin());
        for (const Command& command : kCommands) {
            if (name == command.name) return command.run(args, config);
        }
        throw admin_cli::UsageError("unknown command: " + name);
    } catch (const admin_cli::UsageError& error) {
        std::fprintf(stderr, "guichet-admin: %s\n%s", error.what(), kUsage);
        return 2;
    } catch (const ApiError& error) {
        std::string fields;
        for (const auto& [key, value] : error.fields()) fields += " " + key + "=" + value;
        std::fprintf(stderr, "guichet-admin: %s: %s%s%s\n", error.code().c_str(),
                     err_message(error.err(), Lang::en), fields.empty() ? "" : " (", fields.c_str());
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "guichet-admin: %s\n", error.what());
        return 1;
    }
}
