// The lottery's arithmetic (pure functions) and the draw on a real migrated
// database: refused early, run once, all or nothing.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>

#include "base/api_error.h"
#include "crypto/digest.h"
#include "domain/draw.h"
#include "base/encoding.h"
#include "base/json.h"
#include "domain/lottery.h"
#include "store/migrate.h"
#include "domain/window.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using guichet::test::TempDir;
using guichet::test::migrated_db;

namespace {

std::string seed_0_to_31() {
    std::string seed;
    for (int i = 0; i < 32; ++i) seed.push_back(static_cast<char>(i));
    return seed;
}

std::vector<std::string> some_claim_ids(int count, unsigned salt) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) ids.push_back(hex_encode(sha256(std::to_string(salt) + ":" + std::to_string(i))).substr(0, 32));
    return ids;
}

}  // namespace

TEST_CASE("hmac_sha256_matches_rfc_4231_test_case_2") {
    CHECK(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("lottery_key_is_hmac_sha256_of_the_claim_id_keyed_by_the_raw_seed") {
    // Computed independently: python3 hmac.new(bytes(range(32)), b"0011…eeff", sha256).hexdigest()
    CHECK(lottery_key(seed_0_to_31(), "00112233445566778899aabbccddeeff") ==
          "36ec4579078060dfb6c95e4a7a9d963671b37c5dd53a9e4b03955c21f8cbb93a");
}

TEST_CASE("seed_commitment_is_the_hex_sha256_of_the_raw_seed") {
    CHECK(seed_commitment(std::string(32, '\0')) == "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    CHECK(seed_commitment(seed_0_to_31()) == "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd");
}

TEST_CASE("lottery_ranking_is_the_same_for_the_same_seed_and_claims") {
    auto ids = some_claim_ids(500, 1);
    CHECK(lottery_ranking(seed_0_to_31(), ids) == lottery_ranking(seed_0_to_31(), ids));
}

TEST_CASE("lottery_ranking_ignores_the_order_of_the_input_list") {
    auto ids = some_claim_ids(500, 2);
    auto shuffled = ids;
    std::mt19937 generator(7);
    std::shuffle(shuffled.begin(), shuffled.end(), generator);
    REQUIRE(shuffled != ids);
    std::reverse(ids.begin(), ids.end());
    CHECK(lottery_ranking(seed_0_to_31(), ids) == lottery_ranking(seed_0_to_31(), shuffled));
}

TEST_CASE("lottery_ranking_orders_claims_by_their_key_ascending") {
    auto ids = some_claim_ids(200, 3);
    auto ranking = lottery_ranking(seed_0_to_31(), ids);
    REQUIRE(ranking.size() == ids.size());
    for (size_t i = 1; i < ranking.size(); ++i) {
        CHECK(lottery_key(seed_0_to_31(), ranking[i - 1]) < lottery_key(seed_0_to_31(), ranking[i]));
    }
}

TEST_CASE("lottery_ranking_changes_with_the_seed") {
    auto ids = some_claim_ids(50, 4);
    CHECK(lottery_ranking(seed_0_to_31(), ids) != lottery_ranking(std::string(32, '\x7f'), ids));
}

TEST_CASE("lottery_ranking_is_not_the_arrival_order") {
    auto ids = some_claim_ids(50, 5);
    CHECK(lottery_ranking(seed_0_to_31(), ids) != ids);
}

TEST_CASE("final_receipt_sets_the_final_rank_outcome_and_keeps_the_rest") {
    std::string before =
        R"({"candidate":"a@example.org","claim_id":"ab","in_draw":true,"outcome":"pending_draw","rank":7,"program":"p"})";
    Json after = json_parse_object(final_receipt(before, 2, 7, "granted", 0));
    CHECK(json_integer_value(json_object_get(after.get(), "rank")) == 2);
    CHECK(json_integer_value(json_object_get(after.get(), "arrival_rank")) == 7);
    CHECK(std::string(json_string_value(json_object_get(after.get(), "outcome"))) == "granted");
    CHECK(std::string(json_string_value(json_object_get(after.get(), "drawn_at"))) == "1970-01-01T00:00:00.000Z");
    CHECK(std::string(json_string_value(json_object_get(after.get(), "candidate"))) == "a@example.org");
    CHECK(json_is_true(json_object_get(after.get(), "in_draw")));
}

// --- the draw on a real database --------------------------------------------

namespace {

// A lottery window open at 1000 ms, draw period to 5000, with `claims` claims
// received at 1000 + 1000 * i (so those with i >= 4 arrive after the period).
Db lottery_db(const TempDir& dir, int places, int claims) {
    Db db = migrated_db(dir.path);
    Random random;
    Transaction tx(db, Transaction::write);
    WindowSettings settings{1000, 100000, places, "lottery", 5000, ""};
    store_window(db, settings, 0);
    prepare_lottery_seed(db, random, 0);
    for (int i = 0; i < claims; ++i) {
        db.prepare("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES (?1, ?2, 'n', 'fr', '', 0)")
            .bind(1, i + 1)
            .bind(2, "c" + std::to_string(i) + "@example.org")
            .run();
        std::string claim_id = hex_encode(random.bytes(16));
        db.prepare(
              "INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt) "
              "VALUES (?1, ?2, ?1, ?3, 'pending_draw', 'd', ?4)")
            .bind(1, i + 1)
            .bind(2, claim_id)
            .bind(3, 1000 + 1000 * i)
            .bind(4, R"({"claim_id":")" + claim_id + R"(","outcome":"pending_draw","rank":)" + std::to_string(i + 1) + "}")
            .run();
    }
    db.prepare("UPDATE intake_window SET claims_count = ?1").bind(1, claims).run();
    tx.commit();
    return db;
}

std::string one(Db& db, const char* sql) {
    Stmt stmt = db.prepare(sql);
    std::string out = stmt.step() ? stmt.text(0) : "";
    return out;
}

std::string claims_state(Db& db) {
    return one(db, "SELECT group_concat(rank || ':' || outcome || ':' || IFNULL(draw_rank, '-') || ':' || receipt, '|') FROM claims") +
           "#" + one(db, "SELECT places_granted || IFNULL(seed, '-') || IFNULL(drawn_at, '-') FROM intake_window") +
           "#" + one(db, "SELECT COUNT(*) FROM audit_log");
}

}  // namespace

TEST_CASE("scheduling_a_lottery_stores_a_secret_seed_and_publishes_only_its_commitment") {
    TempDir dir;
    Db db = lottery_db(dir, 2, 0);
    std::string seed = load_lottery_seed(db);
    REQUIRE(seed.size() == 32);
    auto window = load_window(db);
    CHECK(window->seed_commitment == seed_commitment(seed));
    CHECK(window->seed.empty());
    Json view(window_public_json(window, 0));
    CHECK(json_dump(view.get()).find(hex_encode(seed)) == std::string::npos);
}

TEST_CASE("rescheduling_before_opening_keeps_the_seed_and_switching_to_fcfs_drops_it") {
    TempDir dir;
    Db db = lottery_db(dir, 2, 0);
    std::string seed = load_lottery_seed(db);
    Random random;
    Transaction tx(db, Transaction::write);
    store_window(db, WindowSettings{2000, 100000, 3, "lottery", 6000, ""}, 0);
    prepare_lottery_seed(db, random, 0);
    CHECK(load_lottery_seed(db) == seed);
    store_window(db, WindowSettings{2000, 100000, 3, "fcfs", std::nullopt, ""}, 0);
    prepare_lottery_seed(db, random, 0);
    CHECK(load_lottery_seed(db).empty());
    CHECK(load_window(db)->seed_commitment.empty());
}

TEST_CASE("draw_is_refused_before_the_period_ends") {
    TempDir dir;
    Db db = lottery_db(dir, 2, 3);
    std::string before = claims_state(db);
    CHECK_THROWS_WITH_AS(run_draw(db, 4999, "t", "local"), "draw_too_early", ApiError);
    CHECK(claims_state(db) == before);
}

TEST_CASE("draw_ranks_the_period_by_the_seed_grants_places_and_ranks_late_claims_after") {
    TempDir dir;
    Db db = lottery_db(dir, 2, 6);
    std::string seed = load_lottery_seed(db);
    DrawSummary summary = run_draw(db, 5000, "t", "local");
    CHECK(summary.in_period == 4);
    CHECK(summary.after_period == 2);
    CHECK(summary.granted == 2);
    std::vector<std::string> period;
    for (int rank = 1; rank <= 4; ++rank) {
        Stmt stmt = db.prepare("SELECT claim_id FROM claims WHERE rank = ?1");
        stmt.bind(1, rank);
        REQUIRE(stmt.step());
        period.push_back(stmt.text(0));
    }
    auto expected = lottery_ranking(seed, period);
    {
        Stmt drawn = db.prepare("SELECT claim_id, outcome FROM claims WHERE draw_rank <= 4 ORDER BY draw_rank");
        for (size_t i = 0; i < expected.size(); ++i) {
            REQUIRE(drawn.step());
            CHECK(drawn.text(0) == expected[i]);
            CHECK(drawn.text(1) == (i < 2 ? "granted" : "waitlisted"));
        }
    }
    CHECK(one(db, "SELECT group_concat(rank) FROM (SELECT rank FROM claims WHERE draw_rank > 4 ORDER BY draw_rank)") == "5,6");
    CHECK(one(db, "SELECT places_granted FROM intake_window") == "2");
    CHECK(one(db, "SELECT seed FROM intake_window") == hex_encode(seed));
    CHECK(one(db, "SELECT COUNT(*) FROM claims WHERE receipt_before_draw LIKE '%pending_draw%'") == "6");
    CHECK(one(db, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "lottery_draw");
}

TEST_CASE("draw_runs_only_once") {
    TempDir dir;
    Db db = lottery_db(dir, 2, 3);
    run_draw(db, 6000, "t", "local");
    std::string after = claims_state(db);
    CHECK_THROWS_WITH_AS(run_draw(db, 7000, "t", "local"), "draw_done", ApiError);
    CHECK(claims_state(db) == after);
}

TEST_CASE("draw_that_fails_before_its_commit_leaves_everything_as_it_was") {
    TempDir dir;
    Db db = lottery_db(dir, 2, 5);
    std::string before = claims_state(db);
    CHECK_THROWS_AS(run_draw(db, 6000, "t", "local", [] { throw std::runtime_error("power cut"); }), std::runtime_error);
    CHECK(claims_state(db) == before);
    CHECK(run_draw(db, 6000, "t", "local").in_period == 4);  // and it can then run
}

TEST_CASE("draw_public_record_recomputes_from_its_own_fields") {
    TempDir dir;
    Db db = lottery_db(dir, 1, 6);
    CHECK_THROWS_AS(Json(draw_public_json(db)), ApiError);
    run_draw(db, 9000, "t", "local");
    Json record(draw_public_json(db));
    std::string seed = *hex_decode(json_string_value(json_object_get(record.get(), "seed")));
    CHECK(seed_commitment(seed) == json_string_value(json_object_get(record.get(), "seed_commitment")));
    std::vector<std::string> ids, ranking;
    size_t i;
    json_t* v;
    json_array_foreach(json_object_get(record.get(), "claim_ids"), i, v) ids.push_back(json_string_value(v));
    json_array_foreach(json_object_get(record.get(), "ranking"), i, v) ranking.push_back(json_string_value(v));
    CHECK(ids.size() == 4);
    CHECK(lottery_ranking(seed, ids) == ranking);
}
