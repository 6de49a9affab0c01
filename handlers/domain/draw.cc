#include "domain/draw.h"

#include <vector>

#include "base/api_error.h"
#include "domain/audit.h"
#include "base/clock.h"
#include "base/encoding.h"
#include "base/files.h"
#include "base/json.h"
#include "domain/lottery.h"
#include "domain/window.h"

namespace guichet {

namespace {

struct StoredClaim {
    int64_t rank = 0;
    std::string claim_id;
    int64_t received_at = 0;
    std::string receipt;
};

std::vector<StoredClaim> claims_in_arrival_order(Db& db) {
    Stmt stmt = db.prepare("SELECT rank, claim_id, received_at, receipt FROM claims ORDER BY rank");
    std::vector<StoredClaim> claims;
    while (stmt.step()) claims.push_back({stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.text(3)});
    return claims;
}

Window lottery_window(Db& db) {
    std::optional<Window> window = load_window(db);
    if (!window || window->policy != "lottery" || !window->draw_ends_at) {
        throw ApiError(Err::conflict, "no lottery window");
    }
    return *window;
}

Json draw_audit_value(const Window& w, const DrawSummary* summary) {
    Json result(json_object());
    json_t* value = result.get();
    json_object_set_new(value, "seed_commitment", json_str(w.seed_commitment));
    json_object_set_new(value, "places_granted", json_integer(w.places_granted));
    if (summary) {
        json_object_set_new(value, "drawn_at", json_str(format_time(summary->drawn_at)));
        json_object_set_new(value, "claims_drawn", json_integer(summary->in_period));
        json_object_set_new(value, "claims_after_period", json_integer(summary->after_period));
        json_object_set_new(value, "places_granted", json_integer(summary->granted));
    }
    return result;
}

}  // namespace

std::string final_receipt(const std::string& receipt, int64_t final_rank, int64_t arrival_rank,
                          const std::string& outcome, int64_t drawn_at) {
    Json value = json_parse_object(receipt);
    json_object_set_new(value.get(), "rank", json_integer(final_rank));
    json_object_set_new(value.get(), "arrival_rank", json_integer(arrival_rank));
    json_object_set_new(value.get(), "outcome", json_str(outcome));
    json_object_set_new(value.get(), "drawn_at", json_str(format_time(drawn_at)));
    return json_dump(value.get());
}

DrawSummary run_draw(Db& db, int64_t now, const std::string& who, const std::string& from,
                     const std::function<void()>& before_commit) {
    Transaction tx(db, Transaction::write);
    Window window = lottery_window(db);
    if (window.drawn_at) throw ApiError(Err::draw_done);
    if (now < *window.draw_ends_at) {
        throw ApiError(Err::draw_too_early).with_extra("draw_ends_at", format_time(*window.draw_ends_at));
    }
    std::string seed = load_lottery_seed(db);
    // A seed that does not match what was published would make the draw unverifiable: refuse.
    if (seed.size() != 32 || seed_commitment(seed) != window.seed_commitment) {
        throw ApiError(Err::conflict, "the stored seed does not match the published commitment");
    }

    std::vector<StoredClaim> claims = claims_in_arrival_order(db);
    std::vector<std::string> period_ids;
    std::map<std::string, const StoredClaim*> by_id;
    std::vector<const StoredClaim*> after;
    for (const StoredClaim& claim : claims) {
        by_id[claim.claim_id] = &claim;
        if (claim.received_at < *window.draw_ends_at) period_ids.push_back(claim.claim_id);
        else after.push_back(&claim);
    }
    std::vector<const StoredClaim*> order;
    for (const std::string& id : lottery_ranking(seed, period_ids)) order.push_back(by_id.at(id));
    order.insert(order.end(), after.begin(), after.end());

    DrawSummary summary;
    summary.in_period = static_cast<int64_t>(period_ids.size());
    summary.after_period = static_cast<int64_t>(after.size());
    summary.drawn_at = now;
    for (size_t i = 0; i < order.size(); ++i) {
        const StoredClaim& claim = *order[i];
        int64_t final_rank = static_cast<int64_t>(i) + 1;
        bool granted = summary.granted < window.places_total;
        if (granted) ++summary.granted;
        std::string outcome = granted ? "granted" : "waitlisted";
        Stmt update = db.prepare(
            "UPDATE claims SET draw_rank = ?2, outcome = ?3, receipt_before_draw = receipt, receipt = ?4, "
            "signature = NULL WHERE rank = ?1");
        update.bind(1, claim.rank).bind(2, final_rank).bind(3, outcome);
        update.bind(4, final_receipt(claim.receipt, final_rank, claim.rank, outcome, now));
        update.run();
    }
    db.prepare("UPDATE intake_window SET places_granted = ?1, seed = ?2, drawn_at = ?3, updated_at = ?3 WHERE id = 1")
        .bind(1, summary.granted)
        .bind(2, hex_encode(seed))
        .bind(3, now)
        .run();
    Json before(draw_audit_value(window, nullptr));
    Json after_value(draw_audit_value(window, &summary));
    json_object_set_new(after_value.get(), "seed", json_str(hex_encode(seed)));
    append_audit(db, who, "lottery_draw", before.get(), after_value.get(), from, now);
    if (before_commit) before_commit();
    tx.commit();
    return summary;
}

Json draw_public_json(Db& db) {
    Transaction tx(db, Transaction::read);
    Window window = lottery_window(db);
    if (!window.drawn_at) throw ApiError(Err::conflict, "the draw has not run");
    Json out(json_object());
    json_t* o = out.get();
    json_object_set_new(o, "method",
                        json_string("HMAC-SHA256(key = the 32 bytes of seed, message = claim_id as ASCII); "
                                    "ranking = claim_ids by the lowercase hex of the HMAC, ascending; "
                                    "the first places_total are granted"));
    json_object_set_new(o, "seed", json_str(window.seed));
    json_object_set_new(o, "seed_commitment", json_str(window.seed_commitment));
    json_object_set_new(o, "draw_ends_at", json_str(format_time(*window.draw_ends_at)));
    json_object_set_new(o, "drawn_at", json_str(format_time(*window.drawn_at)));
    json_object_set_new(o, "places_total", json_integer(window.places_total));
    json_t* ids = json_array();
    json_t* ranking = json_array();
    json_object_set_new(o, "claim_ids", ids);
    json_object_set_new(o, "ranking", ranking);
    Stmt arrival = db.prepare("SELECT claim_id FROM claims WHERE received_at < ?1 ORDER BY rank");
    arrival.bind(1, *window.draw_ends_at);
    while (arrival.step()) json_array_append_new(ids, json_str(arrival.text(0)));
    Stmt drawn = db.prepare(
        "SELECT claim_id FROM claims WHERE received_at < ?1 AND draw_rank IS NOT NULL ORDER BY draw_rank");
    drawn.bind(1, *window.draw_ends_at);
    while (drawn.step()) json_array_append_new(ranking, json_str(drawn.text(0)));
    return out;
}

void publish_draw(Db& db, const std::string& status_dir) {
    Json record(draw_public_json(db));
    write_file_atomically(status_dir + "/draw.json", json_dump(record.get()) + "\n");
}

}  // namespace guichet
