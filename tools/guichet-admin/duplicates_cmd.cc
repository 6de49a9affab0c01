// guichet-admin duplicates [--csv] [--output FILE]: the claims refused with
// 409 duplicate_identity (one place per person, docs/claims.md), oldest first,
// each beside the claim that holds the passport; the same list as the
// console's. It names people, so reading it is audited like an export.
#include <cstdio>

#include "base/clock.h"
#include "base/json.h"
#include "domain/identity_duplicates.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

namespace {

std::string text_list(const std::vector<DuplicateRow>& rows) {
    std::string out;
    int64_t attempts = 0;
    for (const DuplicateRow& row : rows) {
        char line[1024];
        std::snprintf(line, sizeof line,
                      "%s  %s (%s) refused %lld time(s), last %s\n"
                      "    the passport is held by the claim that arrived #%lld (%s, %s) of %s (%s) at %s;"
                      " identity %.16s\n",
                      format_time(row.attempted_at).c_str(), row.email.c_str(), row.name.c_str(),
                      static_cast<long long>(row.attempts), format_time(row.last_at).c_str(),
                      static_cast<long long>(row.claim_arrival_rank), row.claim_outcome.c_str(), row.claim_id.c_str(),
                      row.claim_email.c_str(), row.claim_name.c_str(), format_time(row.claim_received_at).c_str(),
                      row.identity.c_str());
        out += line;
        attempts += row.attempts;
    }
    out += std::to_string(rows.size()) + " account(s) refused as duplicates, " + std::to_string(attempts) +
           " attempt(s) in all\n";
    return out;
}

}  // namespace

int cmd_duplicates(Args& args, const Config& config) {
    std::string output = take_option(args, "--output");
    bool csv = take_flag(args, "--csv");
    require_no_more(args);
    Db db(config.db_path);
    std::vector<DuplicateRow> rows;
    {
        Transaction tx(db, Transaction::read);
        rows = read_duplicates(db);
    }
    emit(csv ? duplicates_csv(rows) : text_list(rows), output);
    Json after(json_object());
    json_object_set_new(after.get(), "rows", json_integer(static_cast<json_int_t>(rows.size())));
    if (!output.empty()) json_object_set_new(after.get(), "output", json_str(output));
    Transaction tx(db, Transaction::write);
    write_cli_audit(db, csv ? "export_duplicates_csv" : "view_duplicates", nullptr, after.get());
    tx.commit();
    return 0;
}

}  // namespace guichet::admin_cli
