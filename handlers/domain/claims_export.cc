#include "domain/claims_export.h"

#include "base/clock.h"
#include "base/csv.h"
#include "base/json.h"

namespace guichet {

std::vector<ClaimRow> read_claims(Db& db) {
    Stmt stmt = db.prepare(
        "SELECT c.rank, c.claim_id, c.received_at, c.outcome, COALESCE(c.draw_rank, 0), a.name, a.email, "
        "c.dossier_sha256, COALESCE(r.decision, '') FROM claims c JOIN accounts a ON a.id = c.account_id "
        "LEFT JOIN reviews r ON r.claim_id = c.claim_id ORDER BY c.rank");
    std::vector<ClaimRow> rows;
    while (stmt.step()) {
        rows.push_back(ClaimRow{stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.text(3), stmt.int64(4), stmt.text(5),
                                stmt.text(6), stmt.text(7), stmt.text(8)});
    }
    return rows;
}

std::string claims_csv(const std::vector<ClaimRow>& rows) {
    std::string out = kCsvBom;
    out += csv_row({"rank", "claim_id", "received_at", "outcome", "draw_rank", "name", "email", "dossier_sha256", "review"});
    for (const ClaimRow& row : rows) {
        out += csv_row({std::to_string(row.rank), row.claim_id, format_time(row.received_at), row.outcome,
                        row.draw_rank ? std::to_string(row.draw_rank) : "", row.name, row.email, row.dossier_sha256,
                        row.review});
    }
    return out;
}

Json claims_json(const std::vector<ClaimRow>& rows) {
    Json out(json_object());
    json_t* list = json_array();
    json_object_set_new(out.get(), "claims", list);
    for (const ClaimRow& row : rows) {
        json_t* item = json_object();
        json_object_set_new(item, "rank", json_integer(row.rank));
        json_object_set_new(item, "claim_id", json_str(row.claim_id));
        json_object_set_new(item, "received_at", json_str(format_time(row.received_at)));
        json_object_set_new(item, "outcome", json_str(row.outcome));
        if (row.draw_rank) json_object_set_new(item, "draw_rank", json_integer(row.draw_rank));
        json_object_set_new(item, "name", json_str(row.name));
        json_object_set_new(item, "email", json_str(row.email));
        json_object_set_new(item, "dossier_sha256", json_str(row.dossier_sha256));
        if (!row.review.empty()) json_object_set_new(item, "review", json_str(row.review));
        json_array_append_new(list, item);
    }
    json_object_set_new(out.get(), "count", json_integer(static_cast<json_int_t>(rows.size())));
    return out;
}

}  // namespace guichet
