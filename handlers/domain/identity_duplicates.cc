#include "domain/identity_duplicates.h"

#include "base/clock.h"
#include "base/csv.h"
#include "base/encoding.h"

namespace guichet {

std::optional<std::string> identity_holder(Db& db, const std::string& identity_hash) {
    Stmt stmt = db.prepare("SELECT claim_id FROM claims WHERE identity_hash = ?1");
    stmt.bind_blob(1, identity_hash.data(), identity_hash.size());
    if (!stmt.step()) return std::nullopt;
    return stmt.text(0);
}

void record_duplicate(Db& db, int64_t account_id, const std::string& identity_hash, const std::string& claim_id,
                      int64_t now) {
    db.prepare(
          "INSERT INTO identity_duplicates (account_id, identity_hash, claim_id, attempted_at, last_at) "
          "VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT (account_id, identity_hash) DO UPDATE SET "
          "attempts = identity_duplicates.attempts + 1, last_at = excluded.last_at, claim_id = excluded.claim_id")
        .bind(1, account_id)
        .bind_blob(2, identity_hash.data(), identity_hash.size())
        .bind(3, claim_id)
        .bind(4, now)
        .defer();
}

std::vector<DuplicateRow> read_duplicates(Db& db) {
    Stmt stmt = db.prepare(
        "SELECT d.attempted_at, d.last_at, d.attempts, a.email, a.name, c.rank, c.claim_id, c.received_at, "
        "c.outcome, h.email, h.name, d.identity_hash FROM identity_duplicates d "
        "JOIN accounts a ON a.id = d.account_id JOIN claims c ON c.claim_id = d.claim_id "
        "JOIN accounts h ON h.id = c.account_id ORDER BY d.attempted_at, d.id");
    std::vector<DuplicateRow> rows;
    while (stmt.step()) {
        rows.push_back(DuplicateRow{stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.text(3), stmt.text(4),
                                    stmt.int64(5), stmt.text(6), stmt.int64(7), stmt.text(8), stmt.text(9),
                                    stmt.text(10), hex_encode(stmt.blob(11))});
    }
    return rows;
}

DuplicateCounts count_duplicates(Db& db) {
    Stmt stmt = db.prepare("SELECT count(*), COALESCE(sum(attempts), 0) FROM identity_duplicates");
    DuplicateCounts counts;
    if (stmt.step()) counts = {stmt.int64(0), stmt.int64(1)};
    return counts;
}

std::string duplicates_csv(const std::vector<DuplicateRow>& rows) {
    std::string out = kCsvBom;
    out += csv_row({"attempted_at", "last_at", "attempts", "email", "name", "claim_arrival_rank", "claim_id",
                    "claim_received_at", "claim_outcome", "claim_email", "claim_name", "identity"});
    for (const DuplicateRow& row : rows) {
        out += csv_row({format_time(row.attempted_at), format_time(row.last_at), std::to_string(row.attempts),
                        row.email, row.name, std::to_string(row.claim_arrival_rank), row.claim_id,
                        format_time(row.claim_received_at), row.claim_outcome, row.claim_email, row.claim_name,
                        row.identity});
    }
    return out;
}

Json duplicates_json(const std::vector<DuplicateRow>& rows) {
    Json out(json_object());
    json_t* list = json_array();
    json_object_set_new(out.get(), "duplicates", list);
    for (const DuplicateRow& row : rows) {
        json_t* item = json_object();
        json_object_set_new(item, "attempted_at", json_str(format_time(row.attempted_at)));
        json_object_set_new(item, "last_at", json_str(format_time(row.last_at)));
        json_object_set_new(item, "attempts", json_integer(row.attempts));
        json_object_set_new(item, "email", json_str(row.email));
        json_object_set_new(item, "name", json_str(row.name));
        json_object_set_new(item, "claim_arrival_rank", json_integer(row.claim_arrival_rank));
        json_object_set_new(item, "claim_id", json_str(row.claim_id));
        json_object_set_new(item, "claim_received_at", json_str(format_time(row.claim_received_at)));
        json_object_set_new(item, "claim_outcome", json_str(row.claim_outcome));
        json_object_set_new(item, "claim_email", json_str(row.claim_email));
        json_object_set_new(item, "claim_name", json_str(row.claim_name));
        json_object_set_new(item, "identity", json_str(row.identity));
        json_array_append_new(list, item);
    }
    json_object_set_new(out.get(), "count", json_integer(static_cast<json_int_t>(rows.size())));
    return out;
}

}  // namespace guichet
