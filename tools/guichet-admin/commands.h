// guichet-admin: the operator's command line. It works directly on the
// database and the banner files, so an operator can act when nginx or every
// handler is down. Each command is one function; main.cc holds the table.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <jansson.h>

#include "base/config.h"
#include "store/db.h"

namespace guichet::admin_cli {

using Args = std::vector<std::string>;

// Thrown for a usage mistake; main prints it with the usage text, exit 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The value after --name in args ("" if absent); flags are removed as read.
std::string take_option(Args& args, const std::string& name);
bool take_flag(Args& args, const std::string& name);
void require_no_more(const Args& args);

int cmd_migrate(Args& args, const Config& config);
int cmd_keygen(Args& args, const Config& config);
int cmd_window(Args& args, const Config& config);
int cmd_draw(Args& args, const Config& config);
int cmd_review(Args& args, const Config& config);
int cmd_banner(Args& args, const Config& config);
int cmd_documents(Args& args, const Config& config);
int cmd_admin(Args& args, const Config& config);
int cmd_account(Args& args, const Config& config);
int cmd_stats(Args& args, const Config& config);
int cmd_export(Args& args, const Config& config);
int cmd_audit(Args& args, const Config& config);
int cmd_backup(Args& args, const Config& config);
int cmd_restore(Args& args, const Config& config);
int cmd_duplicates(Args& args, const Config& config);

// Writes an export to a file (mode 0600: it names people) or, for "" or "-", to stdout.
void emit(const std::string& text, const std::string& output);

// An audit row written by the command line (who = "cli:<unix user>", from = "local"),
// inside the caller's write transaction.
void write_cli_audit(Db& db, const std::string& action, const json_t* before, const json_t* after);

}  // namespace guichet::admin_cli
