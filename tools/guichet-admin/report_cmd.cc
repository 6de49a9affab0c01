// guichet-admin stats | export | audit: what the console shows, from a shell.
#include <sys/stat.h>

#include <cstdio>

#include "domain/admin_stats.h"
#include "domain/audit.h"
#include "domain/claims_export.h"
#include "base/clock.h"
#include "store/db.h"
#include "base/files.h"
#include "base/json.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

// To a file (0600: it names people) or to stdout.
void emit(const std::string& text, const std::string& output) {
    if (output.empty() || output == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    write_file_atomically(output, text, 0600);
    std::fprintf(stderr, "wrote %s (%zu bytes)\n", output.c_str(), text.size());
}

int cmd_stats(Args& args, const Config& config) {
    std::string program_path = take_option(args, "--program");
    bool no_probe = take_flag(args, "--no-probe");
    require_no_more(args);
    std::optional<Program> program;
    try {
        program = load_program(program_path.empty() ? config.program_path : program_path);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "guichet-admin: program not loaded (%s): dossiers_compliant is null\n", error.what());
    }
    Db db = Db::open_readonly(config.db_path);
    AccessLogCounter access_log(config.data_dir + "/logs/access.log");
    ComplianceCount compliance;
    StatsInputs inputs{config, program ? &*program : nullptr, access_log, compliance, 0, !no_probe};
    Json stats(collect_stats(db, inputs, now_ms()));
    char* text = json_dumps(stats.get(), JSON_INDENT(2) | JSON_SORT_KEYS);
    std::printf("%s\n", text ? text : "{}");
    std::free(text);
    return 0;
}

int cmd_export(Args& args, const Config& config) {
    std::string output = take_option(args, "--output");
    if (args.size() != 1) throw UsageError("export needs one of claims.csv, claims.json, audit.csv");
    std::string what = args[0];
    args.clear();
    if (what != "claims.csv" && what != "claims.json" && what != "audit.csv") {
        throw UsageError("export needs one of claims.csv, claims.json, audit.csv");
    }
    Db db(config.db_path);
    std::string text;
    size_t rows = 0;
    {
        Transaction tx(db, Transaction::read);
        if (what == "audit.csv") {
            std::vector<AuditEntry> entries = read_all_audit(db);
            rows = entries.size();
            text = audit_csv(entries);
        } else {
            std::vector<ClaimRow> claims = read_claims(db);
            rows = claims.size();
            if (what == "claims.csv") {
                text = claims_csv(claims);
            } else {
                Json body(claims_json(claims));
                text = json_dump(body.get()) + "\n";
            }
        }
    }
    emit(text, output);
    Json after(json_object());
    json_object_set_new(after.get(), "rows", json_integer(static_cast<json_int_t>(rows)));
    if (!output.empty()) json_object_set_new(after.get(), "output", json_str(output));
    std::string action = "export_" + what.substr(0, what.find('.')) + "_" + what.substr(what.find('.') + 1);
    Transaction tx(db, Transaction::write);
    write_cli_audit(db, action, nullptr, after.get());
    tx.commit();
    return 0;
}

int cmd_audit(Args& args, const Config& config) {
    std::string limit_text = take_option(args, "--limit");
    bool csv = take_flag(args, "--csv");
    require_no_more(args);
    int64_t limit = 50;
    if (!limit_text.empty()) {
        try {
            limit = std::stoll(limit_text);
        } catch (const std::exception&) {
            throw UsageError("--limit: not a number");
        }
    }
    Db db = Db::open_readonly(config.db_path);
    Transaction tx(db, Transaction::read);
    std::vector<AuditEntry> entries = read_audit(db, 0, limit);
    if (csv) {
        std::string text = audit_csv(entries);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
        std::printf("%s  %-20s %-18s from %s  before=%s after=%s\n", format_time(it->at).c_str(), it->who.c_str(),
                    it->action.c_str(), it->from.c_str(), it->before.empty() ? "-" : it->before.c_str(),
                    it->after.empty() ? "-" : it->after.c_str());
    }
    return 0;
}

}  // namespace guichet::admin_cli
