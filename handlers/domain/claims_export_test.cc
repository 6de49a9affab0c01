// The ranked list: `rank` is the rank that decides the outcome, as on the
// receipts (the arrival under fcfs, the draw's under the lottery, none before
// the draw), `arrival_rank` the order of arrival; rows by the final rank.
#include "domain/claims_export.h"

#include <doctest/doctest.h>

#include "base/csv.h"
#include "base/encoding.h"
#include "crypto/random.h"
#include "domain/draw.h"
#include "domain/lottery.h"
#include "domain/window.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using namespace guichet::test;

namespace {

// `claims` claims received at 1000 + 1000 * i under `policy`; a lottery's draw
// period ends at 5000.
Db claims_db(const TempDir& dir, const std::string& policy, int places, int claims) {
    Db db = migrated_db(dir.path);
    Random random;
    Transaction tx(db, Transaction::write);
    std::optional<int64_t> draw_ends = policy == "lottery" ? std::optional<int64_t>(5000) : std::nullopt;
    store_window(db, WindowSettings{1000, 100000, places, policy, draw_ends, ""}, 0);
    prepare_lottery_seed(db, random, 0);
    for (int i = 0; i < claims; ++i) {
        db.prepare("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES (?1, ?2, 'n', 'fr', '', 0)")
            .bind(1, i + 1)
            .bind(2, "c" + std::to_string(i) + "@example.org")
            .run();
        std::string claim_id = hex_encode(random.bytes(16));
        std::string outcome = policy == "lottery" ? "pending_draw" : i < places ? "granted" : "waitlisted";
        db.prepare(
              "INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt) "
              "VALUES (?1, ?2, ?1, ?3, ?4, 'd', ?5)")
            .bind(1, i + 1)
            .bind(2, claim_id)
            .bind(3, 1000 + 1000 * i)
            .bind(4, outcome)
            .bind(5, R"({"claim_id":")" + claim_id + R"(","outcome":")" + outcome + R"(","rank":)" +
                         std::to_string(i + 1) + "}")
            .run();
    }
    db.prepare("UPDATE intake_window SET claims_count = ?1").bind(1, claims).run();
    tx.commit();
    return db;
}

std::vector<ClaimRow> rows_of(Db& db) {
    Transaction tx(db, Transaction::read);
    return read_claims(db);
}

}  // namespace

TEST_CASE("under_fcfs_the_rank_is_the_arrival") {
    TempDir dir;
    Db db = claims_db(dir, "fcfs", 2, 3);
    std::vector<ClaimRow> rows = rows_of(db);
    REQUIRE(rows.size() == 3);
    for (size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].rank == static_cast<int64_t>(i + 1));
        CHECK(rows[i].arrival_rank == static_cast<int64_t>(i + 1));
    }
    CHECK(rows[1].outcome == "granted");
    CHECK(rows[2].outcome == "waitlisted");
    std::string csv = claims_csv(rows);
    CHECK(csv.rfind(std::string(kCsvBom) + csv_row({"rank", "arrival_rank", "claim_id", "received_at", "outcome",
                                                     "name", "email", "dossier_sha256", "review"}),
                    0) == 0);
    CHECK(csv.find("\"3\",\"3\",\"" + rows[2].claim_id + "\"") != std::string::npos);
}

TEST_CASE("before_a_lottery_draw_there_is_no_rank_only_the_arrival") {
    TempDir dir;
    Db db = claims_db(dir, "lottery", 1, 3);
    std::vector<ClaimRow> rows = rows_of(db);
    REQUIRE(rows.size() == 3);
    for (size_t i = 0; i < rows.size(); ++i) {
        CHECK_FALSE(rows[i].rank.has_value());
        CHECK(rows[i].arrival_rank == static_cast<int64_t>(i + 1));  // in arrival order
        CHECK(rows[i].outcome == "pending_draw");
    }
    CHECK(claims_csv(rows).find("\"\",\"1\",\"" + rows[0].claim_id + "\"") != std::string::npos);
    Json json = claims_json(rows);
    json_t* first = json_array_get(json_object_get(json.get(), "claims"), 0);
    CHECK(json_is_null(json_object_get(first, "rank")));
    CHECK(json_integer_value(json_object_get(first, "arrival_rank")) == 1);
    CHECK(json_object_get(first, "draw_rank") == nullptr);
}

TEST_CASE("after_a_lottery_draw_the_rank_is_the_receipts_and_rows_follow_it") {
    TempDir dir;
    const int places = 2;
    Db db = claims_db(dir, "lottery", places, 6);  // four in the draw period, two after it
    run_draw(db, 5000, "t", "local");
    std::vector<ClaimRow> rows = rows_of(db);
    REQUIRE(rows.size() == 6);
    for (size_t i = 0; i < rows.size(); ++i) {
        const ClaimRow& row = rows[i];
        REQUIRE(row.rank.has_value());
        CHECK(*row.rank == static_cast<int64_t>(i + 1));  // ordered by the final rank
        CHECK(row.outcome == (*row.rank <= places ? "granted" : "waitlisted"));
        // The same two numbers as the candidate's receipt.
        Stmt stmt = db.prepare("SELECT receipt FROM claims WHERE claim_id = ?1");
        stmt.bind(1, row.claim_id);
        REQUIRE(stmt.step());
        Json receipt = json_parse_object(stmt.text(0));
        CHECK(json_integer_value(json_object_get(receipt.get(), "rank")) == *row.rank);
        CHECK(json_integer_value(json_object_get(receipt.get(), "arrival_rank")) == row.arrival_rank);
    }
    // Late claims come after the drawn ones, in arrival order.
    CHECK(rows[4].arrival_rank == 5);
    CHECK(rows[5].arrival_rank == 6);
}
