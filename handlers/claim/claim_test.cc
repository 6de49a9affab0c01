// The claim transaction and the receipt text, on a real SQLite file.
#include <doctest/doctest.h>

#include "claim/claim_place.h"
#include "claim/committer.h"
#include "claim/receipt.h"
#include "claim/test_db.h"
#include "base/api_error.h"
#include "domain/review.h"
#include "tools/guichet-seed/seed.h"

using namespace guichet;
using namespace guichet::claim;

TEST_CASE("receipt_text_is_compact_with_sorted_keys_and_the_same_every_time") {
    ReceiptFacts facts{"prog", "00ff", "a@example.test", 1771248600000, 3, "granted", 300, "abcd", std::nullopt, 0, ""};
    std::string text = receipt_text(facts);
    CHECK(text ==
          "{\"candidate\":\"a@example.test\",\"claim_id\":\"00ff\",\"dossier_sha256\":\"abcd\",\"outcome\":\"granted\","
          "\"places_total\":300,\"program\":\"prog\",\"rank\":3,\"received_at\":\"2026-02-16T13:30:00.000Z\"}");
    CHECK(receipt_text(facts) == text);
}

TEST_CASE("claim_place_gives_ranks_in_order_and_waitlists_past_the_places") {
    ClaimDb t;
    t.open_window(1);
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    ClaimOutcome first = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    ClaimOutcome second = claim_place(t.db, t.program, t.identity_key, seeded[1].account_id, "c2", t.clock.now());
    CHECK(first.created);
    CHECK(first.receipt.find("\"rank\":1") != std::string::npos);
    CHECK(first.receipt.find("\"outcome\":\"granted\"") != std::string::npos);
    CHECK(second.receipt.find("\"rank\":2") != std::string::npos);
    CHECK(second.receipt.find("\"outcome\":\"waitlisted\"") != std::string::npos);
    auto window = load_window(t.db);
    CHECK(window->places_granted == 1);
    CHECK(window->claims_count == 2);
}

TEST_CASE("claim_place_twice_returns_the_first_claim") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    ClaimOutcome first = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    ClaimOutcome again = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c2", t.clock.now());
    CHECK_FALSE(again.created);
    CHECK(again.receipt == first.receipt);
    CHECK(load_window(t.db)->claims_count == 1);
    CHECK(find_receipt(t.db, seeded[0].account_id) == first.receipt);
}

TEST_CASE("claim_place_refuses_a_dossier_missing_a_document_and_changes_nothing") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    t.db.prepare("DELETE FROM documents WHERE account_id = ?1 AND kind = 'passport'").bind(1, seeded[0].account_id).run();
    try {
        claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
        FAIL("expected NotCompliant");
    } catch (const NotCompliant& refusal) {
        CHECK(compliance_fields(refusal.compliance) == std::map<std::string, std::string>{{"document:passport", "missing"}});
    }
    CHECK(load_window(t.db)->claims_count == 0);
    CHECK_FALSE(find_receipt(t.db, seeded[0].account_id));
    CHECK_FALSE(load_dossier(t.db, seeded[0].account_id).locked);
}

TEST_CASE("claim_place_before_opening_is_too_early_and_succeeds_once_the_clock_reaches_it") {
    ClaimDb t;
    t.schedule_window(5, t.clock.now() + 60 * 1000);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    CHECK_THROWS_WITH_AS(claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now()),
                         "too_early", ApiError);
    CHECK(load_window(t.db)->claims_count == 0);
    t.clock.advance(60 * 1000);
    ClaimOutcome outcome = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    CHECK(outcome.created);
    CHECK(outcome.receipt.find("\"received_at\":\"" + format_time(t.clock.now()) + "\"") != std::string::npos);
}

TEST_CASE("committer_takes_the_arrival_time_from_its_clock") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    t.clock.advance(1234);
    Committer committer(t.connect(), t.program, kMaxBatch, t.clock);
    committer.set_identity_key(t.identity_key);
    committer.start();
    ClaimOutcome outcome = committer.submit(seeded[0].account_id, "c1");
    CHECK(outcome.receipt.find("\"received_at\":\"" + format_time(t.clock.now()) + "\"") != std::string::npos);
}

TEST_CASE("require_window_open_names_each_refusal") {
    Window w;
    w.opens_at = 1000;
    w.closes_at = 2000;
    CHECK_THROWS_WITH_AS(require_window_open(std::nullopt, 0), "too_early: no window scheduled", ApiError);
    try {
        require_window_open(w, 999);
        FAIL("expected too_early");
    } catch (const ApiError& e) {
        CHECK(e.code() == "too_early");
        CHECK(e.extra().at("opens_at") == "1970-01-01T00:00:01.000Z");
    }
    CHECK_NOTHROW(require_window_open(w, 1000));
    w.paused = true;
    CHECK_THROWS_WITH_AS(require_window_open(w, 1500), "window_paused", ApiError);
    CHECK_THROWS_WITH_AS(require_window_open(w, 2000), "window_closed", ApiError);
}

TEST_CASE("a_place_freed_while_the_window_is_open_with_nobody_waiting_goes_to_the_next_claim") {
    ClaimDb t;
    t.open_window(1);
    auto seeded = seed::seed_candidates(t.db, t.program, 3, t.random);
    CHECK(claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now()).created);
    // Rejected before anyone else claimed: nobody to offer the place to.
    decide_review(t.db, "c1", "rejected", "incomplete", t.clock.now(), 7 * 86400000LL, {"reviewer", "test"});
    CHECK(load_window(t.db)->places_granted == 0);
    ClaimOutcome second = claim_place(t.db, t.program, t.identity_key, seeded[1].account_id, "c2", t.clock.now());
    CHECK(second.receipt.find("\"rank\":2") != std::string::npos);
    CHECK(second.receipt.find("\"outcome\":\"granted\"") != std::string::npos);
    ClaimOutcome third = claim_place(t.db, t.program, t.identity_key, seeded[2].account_id, "c3", t.clock.now());
    CHECK(third.receipt.find("\"outcome\":\"waitlisted\"") != std::string::npos);
    CHECK(load_window(t.db)->places_granted == 1);
}
