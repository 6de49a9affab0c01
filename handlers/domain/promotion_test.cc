// Promotion on a migrated database: the deadline and the next in line,
// confirmation, the lottery's draw order, and reviewers acting at the same
// time on two connections.
#include <doctest/doctest.h>

#include <thread>

#include "base/encoding.h"
#include "crypto/random.h"
#include "domain/draw.h"
#include "domain/lottery.h"
#include "domain/review.h"
#include "tests/unit/review_db.h"

using namespace guichet;
using namespace guichet::test;

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
