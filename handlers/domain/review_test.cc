// Review decisions on a migrated database: a rejection offers the place, an
// acceptance does not, a decision is final, who can be reviewed.
#include <doctest/doctest.h>

#include "domain/review.h"
#include "tests/unit/review_db.h"

using namespace guichet;
using namespace guichet::test;

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
