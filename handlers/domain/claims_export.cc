#include "domain/claims_export.h"

#include "base/clock.h"
#include "base/csv.h"
#include "base/json.h"

namespace guichet {

std::vector<ClaimRow> read_claims(Db& db) {
    // The final rank: the draw's when it has run (it ranks every claim, late
    // ones included), none under a lottery before it, the arrival otherwise.
    Stmt stmt = db.prepare(
        "SELECT CASE WHEN c.draw_rank IS NOT NULL THEN c.draw_rank "
        "WHEN w.policy = 'lottery' THEN NULL ELSE c.rank END AS final, "
        "c.rank, c.claim_id, c.received_at, c.outcome, a.name, a.email, c.dossier_sha256, "
        "COALESCE(r.decision, '') "
        "FROM claims c JOIN accounts a ON a.id = c.account_id LEFT JOIN intake_window w ON w.id = 1 "
        "LEFT JOIN reviews r ON r.claim_id = c.claim_id "
        "ORDER BY final NULLS LAST, c.rank");
    std::vector<ClaimRow> rows;
    while (stmt.step()) {
        ClaimRow row;
        if (!stmt.is_null(0)) row.rank = stmt.int64(0);
        row.arrival_rank = stmt.int64(1);
        row.claim_id = stmt.text(2);
        row.received_at = stmt.int64(3);
        row.outcome = stmt.text(4);
        row.name = stmt.text(5);
        row.email = stmt.text(6);
        row.dossier_sha256 = stmt.text(7);
        row.review = stmt.text(8);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string claims_csv(const std::vector<ClaimRow>& rows) {
    std::string out = kCsvBom;
    out += csv_row({"rank", "arrival_rank", "claim_id", "received_at", "outcome", "name", "email", "dossier_sha256",
                    "review"});
    for (const ClaimRow& row : rows) {
        out += csv_row({row.rank ? std::to_string(*row.rank) : "", std::to_string(row.arrival_rank), row.claim_id,
                        format_time(row.received_at), row.outcome, row.name, row.email, row.dossier_sha256,
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
        json_object_set_new(item, "rank", row.rank ? json_integer(*row.rank) : json_null());
        json_object_set_new(item, "arrival_rank", json_integer(row.arrival_rank));
        json_object_set_new(item, "claim_id", json_str(row.claim_id));
        json_object_set_new(item, "received_at", json_str(format_time(row.received_at)));
        json_object_set_new(item, "outcome", json_str(row.outcome));
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
