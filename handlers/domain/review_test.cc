// Review and promotion on a migrated database: decisions, the place moving to
// the next in line (by rank, by draw rank), the deadline, confirmation, and
// reviewers acting at the same time.
#include <doctest/doctest.h>

#include <thread>

#include "base/api_error.h"
#include "base/encoding.h"
#include "crypto/random.h"
#include "domain/draw.h"
#include "domain/lottery.h"
#include "domain/promotion.h"
#include "domain/review.h"
#include "domain/window.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using namespace guichet::test;

namespace {

constexpr int64_t kDay = 24 * 3600 * 1000;
const Actor kReviewer{"alice", "127.0.0.1"};

std::string one(Db& db, const std::string& sql) {
    static std::map<std::string, std::string> keep;  // Db::prepare caches by the SQL's address
    auto [it, added] = keep.emplace(sql, sql);
    Stmt stmt = db.prepare(it->second.c_str());
    std::string out = stmt.step() ? stmt.text(0) : "";
    return out;
}

std::string claim_id_of(int rank) { return std::string(31, '0') + std::to_string(rank % 10); }

// An fcfs window with `places` places and `claims` claims, the first `places` granted.
Db fcfs_db(const TempDir& dir, int places, int claims) {
    Db db = migrated_db(dir.path);
    Transaction tx(db, Transaction::write);
    store_window(db, {1000, 100000, places, "fcfs", std::nullopt, ""}, 0);
    for (int i = 1; i <= claims; ++i) {
        db.prepare("INSERT INTO accounts (id, email, name, lang, password_hash, created_at, verified_at) "
                   "VALUES (?1, ?2, 'n', 'fr', '', 0, 0)")
            .bind(1, i)
            .bind(2, "c" + std::to_string(i) + "@example.org")
            .run();
        std::string outcome = i <= places ? "granted" : "waitlisted";
        db.prepare("INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt, "
                   "signature) VALUES (?1, ?2, ?1, ?1, ?3, 'd', ?4, 'stored-signature')")
            .bind(1, i)
            .bind(2, claim_id_of(i))
            .bind(3, outcome)
            .bind(4, R"({"outcome":")" + outcome + R"(","rank":)" + std::to_string(i) + "}")
            .run();
    }
    db.prepare("UPDATE intake_window SET claims_count = ?1, places_granted = ?2")
        .bind(1, claims)
        .bind(2, std::min(places, claims))
        .run();
    tx.commit();
    return db;
}

std::string outcome(Db& db, int rank) {
    return one(db, "SELECT outcome FROM claims WHERE rank = " + std::to_string(rank));
}
std::string places_granted(Db& db) { return one(db, "SELECT places_granted FROM intake_window"); }
std::string holding(Db& db) {
    return one(db, "SELECT count(*) FROM claims c WHERE outcome = 'granted' AND NOT EXISTS "
                   "(SELECT 1 FROM reviews r WHERE r.claim_id = c.claim_id AND r.decision = 'rejected')");
}

// The ApiError code a call throws, or "ok".
template <class F>
std::string code_of_call(F call) {
    try {
        call();
    } catch (const ApiError& error) {
        return error.code();
    }
    return "ok";
}

}  // namespace

TEST_CASE("rejecting_a_granted_claim_offers_its_place_to_the_first_waitlisted_by_rank") {
    TempDir dir;
    Db db = fcfs_db(dir, 2, 4);
    ReviewDecision made = decide_review(db, claim_id_of(1), "rejected", "passport expired", 5000, kDay, kReviewer);
    CHECK(made.changed);
    CHECK(made.promoted == claim_id_of(3));
    CHECK(outcome(db, 3) == "granted");
    CHECK(outcome(db, 4) == "waitlisted");
    CHECK(places_granted(db) == "2");
    CHECK(holding(db) == "2");
    CHECK(one(db, "SELECT confirm_by FROM offers WHERE claim_id = '" + claim_id_of(3) + "'") == std::to_string(5000 + kDay));
    CHECK(one(db, "SELECT freed_by FROM offers") == claim_id_of(1));
    // The new receipt names the earlier one, is unsigned (signed by the claim
    // pool when shown), and the earlier one is kept with its signature.
    Json receipt = json_parse_object(one(db, "SELECT receipt FROM claims WHERE rank = 3"));
    CHECK(std::string(json_string_value(json_object_get(receipt.get(), "outcome"))) == "granted");
    CHECK(std::string(json_string_value(json_object_get(receipt.get(), "replaces"))) ==
          receipt_sha256(R"({"outcome":"waitlisted","rank":3})"));
    CHECK(json_is_string(json_object_get(receipt.get(), "confirm_by")));
    CHECK(one(db, "SELECT signature IS NULL FROM claims WHERE rank = 3") == "1");
    CHECK(one(db, "SELECT receipt || '|' || signature FROM receipt_history") ==
          R"({"outcome":"waitlisted","rank":3}|stored-signature)");
    // The candidates are told, and the decision and the offer are audited.
    CHECK(one(db, "SELECT group_concat(kind || ':' || account_id, ',') FROM (SELECT * FROM outbox ORDER BY id)") ==
          "review_rejected:1,promotion:3");
    CHECK(one(db, "SELECT priority FROM outbox WHERE kind = 'promotion'") == "0");
    CHECK(one(db, "SELECT group_concat(action || ':' || who, ',') FROM (SELECT * FROM audit_log ORDER BY id)") ==
          "offer_made:alice,review_rejected:alice");
}

TEST_CASE("accepting_changes_no_place_and_is_audited") {
    TempDir dir;
    Db db = fcfs_db(dir, 2, 3);
    ReviewDecision made = decide_review(db, claim_id_of(2), "accepted", "complete", 5000, kDay, kReviewer);
    CHECK(made.changed);
    CHECK(made.promoted.empty());
    CHECK(outcome(db, 3) == "waitlisted");
    CHECK(one(db, "SELECT count(*) FROM offers") == "0");
    CHECK(one(db, "SELECT action FROM audit_log") == "review_accepted");
}

TEST_CASE("the_same_decision_again_is_a_no_op_and_another_one_is_refused") {
    TempDir dir;
    Db db = fcfs_db(dir, 1, 3);
    decide_review(db, claim_id_of(1), "rejected", "incomplete", 5000, kDay, kReviewer);
    ReviewDecision again = decide_review(db, claim_id_of(1), "rejected", "other words", 6000, kDay, {"bob", "x"});
    CHECK_FALSE(again.changed);
    CHECK(again.reason == "incomplete");
    CHECK(again.decided_by == "alice");
    CHECK(one(db, "SELECT count(*) FROM offers") == "1");
    CHECK(outcome(db, 3) == "waitlisted");
    try {
        decide_review(db, claim_id_of(1), "accepted", "sorry", 7000, kDay, kReviewer);
        FAIL("a different decision was accepted");
    } catch (const ApiError& error) {
        CHECK(error.code() == "already_reviewed");
        CHECK(error.status() == 409);
    }
    CHECK(one(db, "SELECT count(*) FROM audit_log WHERE action LIKE 'review_%'") == "1");
}

TEST_CASE("only_a_claim_holding_a_confirmed_place_can_be_reviewed") {
    TempDir dir;
    Db db = fcfs_db(dir, 1, 3);
    auto code_of = [&](const std::string& id, const std::string& decision, const std::string& reason) {
        try {
            decide_review(db, id, decision, reason, 5000, kDay, kReviewer);
        } catch (const ApiError& error) {
            return error.code();
        }
        return std::string("ok");
    };
    CHECK(code_of(claim_id_of(3), "accepted", "r") == "not_reviewable");  // waitlisted
    CHECK(code_of(std::string(32, 'f'), "accepted", "r") == "not_found");
    CHECK(code_of(claim_id_of(1), "maybe", "r") == "invalid");
    CHECK(code_of(claim_id_of(1), "rejected", "") == "invalid");
    CHECK(code_of(claim_id_of(1), "rejected", "r") == "ok");
    CHECK(code_of(claim_id_of(2), "accepted", "r") == "not_reviewable");  // offered, not confirmed yet
    confirm_offer(db, 2, 6000, kDay);
    CHECK(code_of(claim_id_of(2), "accepted", "r") == "ok");
}

TEST_CASE("rejection_with_nobody_waiting_frees_the_place") {
    TempDir dir;
    Db db = fcfs_db(dir, 2, 2);
    ReviewDecision made = decide_review(db, claim_id_of(2), "rejected", "r", 5000, kDay, kReviewer);
    CHECK(made.promoted.empty());
    CHECK(places_granted(db) == "1");
    CHECK(holding(db) == "1");
}

TEST_CASE("past_the_deadline_the_place_moves_to_the_next_and_the_expired_candidate_is_never_offered_again") {
    TempDir dir;
    Db db = fcfs_db(dir, 1, 4);
    decide_review(db, claim_id_of(1), "rejected", "r", 5000, kDay, kReviewer);
    CHECK_FALSE(offers_due(db, 5000 + kDay - 1));
    CHECK(sweep_offers(db, 5000 + kDay - 1, kDay, {"sweep", "test"}) == 0);
    CHECK(offers_due(db, 5000 + kDay));
    CHECK(sweep_offers(db, 5000 + kDay, kDay, {"sweep", "test"}) == 1);
    CHECK(outcome(db, 2) == "waitlisted");
    CHECK(outcome(db, 3) == "granted");
    CHECK(places_granted(db) == "1");
    Json expired = json_parse_object(one(db, "SELECT receipt FROM claims WHERE rank = 2"));
    CHECK(std::string(json_string_value(json_object_get(expired.get(), "outcome"))) == "waitlisted");
    CHECK(json_object_get(expired.get(), "confirm_by") == nullptr);
    CHECK(std::string(json_string_value(json_object_get(expired.get(), "replaces"))) ==
          receipt_sha256(one(db, "SELECT receipt FROM receipt_history WHERE claim_id = '" + claim_id_of(2) +
                                     "' ORDER BY id DESC LIMIT 1")));
    CHECK(one(db, "SELECT freed_by FROM offers WHERE claim_id = '" + claim_id_of(3) + "'") == claim_id_of(2));
    CHECK(one(db, "SELECT group_concat(kind, ',') FROM (SELECT kind FROM outbox WHERE account_id = 2 ORDER BY id)") ==
          "promotion,offer_expired");
    // Confirming now is too late; the next one expires too, and the place goes to 4, never back to 2.
    CHECK(code_of_call([&] { confirm_offer(db, 2, 5000 + kDay + 1, kDay); }) == "offer_expired");
    CHECK(sweep_offers(db, 5000 + 3 * kDay, kDay, {"sweep", "test"}) == 1);
    CHECK(outcome(db, 4) == "granted");
    CHECK(outcome(db, 2) == "waitlisted");
    CHECK(sweep_offers(db, 5000 + 5 * kDay, kDay, {"sweep", "test"}) == 1);
    CHECK(places_granted(db) == "0");  // nobody left who was never offered the place
    CHECK(one(db, "SELECT count(*) FROM offers") == "3");
}

TEST_CASE("confirming_before_the_deadline_keeps_the_place_and_is_idempotent") {
    TempDir dir;
    Db db = fcfs_db(dir, 1, 2);
    decide_review(db, claim_id_of(1), "rejected", "r", 5000, kDay, kReviewer);
    Offer offer = confirm_offer(db, 2, 6000, kDay);
    CHECK(offer.confirmed_at == 6000);
    CHECK(confirm_offer(db, 2, 7000, kDay).confirmed_at == 6000);
    CHECK_FALSE(offers_due(db, 5000 + 10 * kDay));
    CHECK(sweep_offers(db, 5000 + 10 * kDay, kDay, {"sweep", "test"}) == 0);
    CHECK(outcome(db, 2) == "granted");
    CHECK(code_of_call([&] { confirm_offer(db, 1, 7000, kDay); }) == "no_offer");
    CHECK(code_of_call([&] { confirm_offer(db, 99, 7000, kDay); }) == "no_offer");
}

TEST_CASE("under_the_lottery_the_place_goes_to_the_first_waitlisted_by_draw_rank") {
    TempDir dir;
    Db db = migrated_db(dir.path);
    Random random;
    {
        Transaction tx(db, Transaction::write);
        store_window(db, {1000, 100000, 2, "lottery", 5000, ""}, 0);
        prepare_lottery_seed(db, random, 0);
        for (int i = 1; i <= 6; ++i) {
            db.prepare("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) "
                       "VALUES (?1, ?2, 'n', 'en', '', 0)")
                .bind(1, i)
                .bind(2, "l" + std::to_string(i) + "@example.org")
                .run();
            db.prepare("INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt) "
                       "VALUES (?1, ?2, ?1, ?3, 'pending_draw', 'd', ?4)")
                .bind(1, i)
                .bind(2, hex_encode(random.bytes(16)))
                .bind(3, 1000 + i)
                .bind(4, R"({"outcome":"pending_draw","rank":)" + std::to_string(i) + "}")
                .run();
        }
        db.prepare("UPDATE intake_window SET claims_count = 6").run();
        tx.commit();
    }
    run_draw(db, 6000, "test", "local");
    std::string first = one(db, "SELECT claim_id FROM claims WHERE draw_rank = 1");
    std::string third = one(db, "SELECT claim_id FROM claims WHERE draw_rank = 3");
    std::string fourth = one(db, "SELECT claim_id FROM claims WHERE draw_rank = 4");
    ReviewDecision made = decide_review(db, first, "rejected", "r", 7000, kDay, kReviewer);
    CHECK(made.promoted == third);
    CHECK(sweep_offers(db, 7000 + kDay, kDay, {"sweep", "test"}) == 1);
    CHECK(one(db, "SELECT claim_id FROM offers WHERE freed_by = '" + third + "'") == fourth);
    // The history: the receipt before the draw, the draw's, then the promoted one.
    std::vector<PastReceipt> history = receipt_history(db, third);
    REQUIRE(history.size() == 3);
    CHECK(history[0].replaced_by == "draw");
    CHECK(history[1].replaced_by == "promotion");
    CHECK(history[2].replaced_by == "offer_expired");
    CHECK(places_granted(db) == "2");
}

TEST_CASE("two_reviewers_rejecting_the_same_claim_at_once_give_one_promotion") {
    TempDir dir;
    Db setup = fcfs_db(dir, 2, 5);
    std::vector<std::string> promoted(2);
    std::vector<std::thread> reviewers;
    for (int i = 0; i < 2; ++i) {
        reviewers.emplace_back([&, i] {
            Db db(dir.path + "/test.db", Durability::normal, 10000);
            promoted[i] = decide_review(db, claim_id_of(1), "rejected", "r", 5000 + i, kDay,
                                        {i == 0 ? "alice" : "bob", "x"})
                              .promoted;
        });
    }
    for (std::thread& t : reviewers) t.join();
    CHECK(one(setup, "SELECT count(*) FROM offers") == "1");
    CHECK(one(setup, "SELECT count(*) FROM reviews") == "1");
    CHECK(one(setup, "SELECT count(*) FROM outbox WHERE kind = 'promotion'") == "1");
    CHECK(one(setup, "SELECT count(*) FROM audit_log WHERE action = 'review_rejected'") == "1");
    CHECK(outcome(setup, 3) == "granted");
    CHECK(outcome(setup, 4) == "waitlisted");
    CHECK(places_granted(setup) == "2");
    // One thread made the decision (it names the promotion), the other found it done.
    CHECK((promoted[0] == claim_id_of(3)) != (promoted[1] == claim_id_of(3)));
}

TEST_CASE("two_reviewers_rejecting_two_claims_at_once_offer_two_different_places") {
    TempDir dir;
    Db setup = fcfs_db(dir, 2, 5);
    std::vector<std::thread> reviewers;
    for (int i = 0; i < 2; ++i) {
        reviewers.emplace_back([&, i] {
            Db db(dir.path + "/test.db", Durability::normal, 10000);
            decide_review(db, claim_id_of(i + 1), "rejected", "r", 5000, kDay, {"r" + std::to_string(i), "x"});
        });
    }
    for (std::thread& t : reviewers) t.join();
    CHECK(one(setup, "SELECT group_concat(claim_id, ',') FROM (SELECT claim_id FROM offers ORDER BY claim_id)") ==
          claim_id_of(3) + "," + claim_id_of(4));
    CHECK(places_granted(setup) == "2");
    CHECK(holding(setup) == "2");
}

TEST_CASE("a_freed_place_is_offered_once_even_when_asked_twice") {
    TempDir dir;
    Db db = fcfs_db(dir, 1, 3);
    Transaction tx(db, Transaction::write);
    free_place(db, claim_id_of(1), 5000, kDay, kReviewer);
    CHECK_THROWS(free_place(db, claim_id_of(1), 5000, kDay, kReviewer));  // UNIQUE (freed_by)
}
