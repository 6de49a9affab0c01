// The dossier judged before the lock: used under it only while its rows are unchanged.
#include <doctest/doctest.h>

#include "claim/claim_place.h"
#include "claim/dossier_judgment.h"
#include "claim/test_db.h"
#include "tools/guichet-seed/seed.h"

using namespace guichet;
using namespace guichet::claim;

namespace {

ClaimOutcome place_prejudged(ClaimDb& t, int64_t account_id, const DossierJudgment& judgment) {
    Transaction tx(t.db, Transaction::write);
    BatchState batch(t.db);
    ClaimOutcome outcome =
        place_in_transaction(t.db, batch, t.program, t.identity_key, account_id, "c1", t.clock.now(), {}, &judgment);
    batch.finish(t.db);
    tx.commit();
    return outcome;
}

}  // namespace

TEST_CASE("a_claim_records_the_same_fingerprint_judged_before_the_lock_as_under_it") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    DossierJudgment judgment = judge_dossier(t.db, t.program, t.identity_key, seeded[0].account_id, t.clock.now());
    REQUIRE(judgment.compliance.compliant);
    ClaimOutcome prejudged = place_prejudged(t, seeded[0].account_id, judgment);
    ClaimOutcome judged_under_lock =
        claim_place(t.db, t.program, t.identity_key, seeded[1].account_id, "c2", t.clock.now());
    CHECK(prejudged.receipt.find("\"dossier_sha256\":\"" + judgment.digest + "\"") != std::string::npos);
    StoredDossier other = load_dossier(t.db, seeded[1].account_id);
    CHECK(judged_under_lock.receipt.find("\"dossier_sha256\":\"" + dossier_digest(other) + "\"") != std::string::npos);
}

TEST_CASE("a_judgment_whose_rows_are_unchanged_is_used_under_the_lock") {
    ClaimDb t;
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    DossierJudgment judgment = judge_dossier(t.db, t.program, t.identity_key, seeded[0].account_id, t.clock.now());
    judgment.digest = "marked";  // so that a use of it shows
    DossierJudgment used = judgment_under_lock(t.db, t.program, t.identity_key, seeded[0].account_id, t.clock.now(), &judgment,
                                          dossier_snapshot(t.db, seeded[0].account_id));
    CHECK(used.digest == "marked");
}

TEST_CASE("a_claim_reads_the_same_rows_as_the_judgment_in_its_one_read_under_the_lock") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    DossierJudgment judgment = judge_dossier(t.db, t.program, t.identity_key, seeded[0].account_id, t.clock.now());
    REQUIRE(judgment.compliance.compliant);
    judgment.digest = std::string(64, 'e');  // so that a use of it shows in the receipt
    ClaimOutcome outcome = place_prejudged(t, seeded[0].account_id, judgment);
    CHECK(outcome.receipt.find("\"dossier_sha256\":\"" + judgment.digest + "\"") != std::string::npos);
}

TEST_CASE("a_document_removed_after_the_judgment_is_refused_under_the_lock_with_nothing_recorded") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    DossierJudgment judgment = judge_dossier(t.db, t.program, t.identity_key, seeded[0].account_id, t.clock.now());
    REQUIRE(judgment.compliance.compliant);
    // The candidate's other tab removes a document between the judgment and the lock.
    t.db.prepare("DELETE FROM documents WHERE account_id = ?1 AND kind = 'passport'").bind(1, seeded[0].account_id).run();
    CHECK_THROWS_AS(place_prejudged(t, seeded[0].account_id, judgment), NotCompliant);
    CHECK(load_window(t.db)->claims_count == 0);
}

TEST_CASE("fields_changed_after_the_judgment_are_judged_again_under_the_lock") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    DossierJudgment judgment = judge_dossier(t.db, t.program, t.identity_key, seeded[0].account_id, t.clock.now());
    judgment.digest = "stale";
    t.db.prepare("UPDATE dossiers SET fields = json_set(fields, '$.occupation', 'Changed in another tab') WHERE account_id = ?1")
        .bind(1, seeded[0].account_id)
        .run();
    DossierJudgment now = judgment_under_lock(t.db, t.program, t.identity_key, seeded[0].account_id, t.clock.now(), &judgment,
                                          dossier_snapshot(t.db, seeded[0].account_id));
    CHECK(now.digest != "stale");
    CHECK(now.digest == dossier_digest(load_dossier(t.db, seeded[0].account_id)));
}
