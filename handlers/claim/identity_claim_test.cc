// One place per person in the claim transaction: a second account's claim on
// the same passport is refused alone, recorded, and given no rank.
#include <doctest/doctest.h>

#include "claim/claim_place.h"
#include "claim/test_batching.h"
#include "domain/identity.h"
#include "domain/identity_duplicates.h"

using namespace guichet;
using namespace guichet::claim;

namespace {

// Gives the account's dossier this passport (country and number as typed).
void set_passport(Db& db, int64_t account_id, const std::string& country, const std::string& number) {
    db.prepare(
          "UPDATE dossiers SET fields = json_set(fields, '$.citizenship', ?2, '$.passport_number', ?3) "
          "WHERE account_id = ?1")
        .bind(1, account_id)
        .bind(2, country)
        .bind(3, number)
        .run();
}

int64_t count(Db& db, const char* sql) {
    Stmt stmt = db.prepare(sql);
    return stmt.step() ? stmt.int64(0) : -1;
}

}  // namespace

TEST_CASE("a_second_account_claiming_the_same_passport_is_refused_and_recorded_without_a_rank") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 3, t.random);
    set_passport(t.db, seeded[0].account_id, "FR", "AB1234567");
    set_passport(t.db, seeded[1].account_id, "FR", "AB1234567");
    ClaimOutcome first = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    CHECK(first.created);
    t.clock.advance(7);
    CHECK_THROWS_WITH_AS(claim_place(t.db, t.program, t.identity_key, seeded[1].account_id, "c2", t.clock.now()),
                         "duplicate_identity", DuplicateIdentity);
    CHECK(ApiError(Err::duplicate_identity).status() == 409);
    // No rank, no lock, no receipt, no message for the refused one; the next claim is rank 2.
    CHECK(load_window(t.db)->claims_count == 1);
    CHECK_FALSE(find_receipt(t.db, seeded[1].account_id));
    CHECK_FALSE(load_dossier(t.db, seeded[1].account_id).locked);
    ClaimOutcome third = claim_place(t.db, t.program, t.identity_key, seeded[2].account_id, "c3", t.clock.now());
    CHECK(third.receipt.find("\"rank\":2") != std::string::npos);
    // The attempt, for administrators: who, when, and which claim holds the identity.
    Transaction tx(t.db, Transaction::read);
    std::vector<DuplicateRow> rows = read_duplicates(t.db);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].email == seeded[1].email);
    CHECK(rows[0].attempted_at == t.clock.now());
    CHECK(rows[0].attempts == 1);
    CHECK(rows[0].claim_id == "c1");
    CHECK(rows[0].claim_arrival_rank == 1);
    CHECK(rows[0].claim_email == seeded[0].email);
}

TEST_CASE("the_claim_holds_the_keyed_hash_of_its_passport_and_never_the_number") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    set_passport(t.db, seeded[0].account_id, "FR", "AB1234567");
    claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    Stmt stored = t.db.prepare("SELECT identity_hash, receipt FROM claims");
    REQUIRE(stored.step());
    CHECK(stored.blob(0) == identity_hash(t.identity_key, "FR", "AB1234567"));
    CHECK(stored.text(1).find("AB1234567") == std::string::npos);
}

TEST_CASE("repeated_refused_attempts_of_one_account_are_one_row_with_a_count") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    set_passport(t.db, seeded[0].account_id, "CA", "XY987654");
    set_passport(t.db, seeded[1].account_id, "CA", "XY987654");
    claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    int64_t first_try = t.clock.now();
    for (int i = 0; i < 3; ++i) {
        t.clock.advance(1000);
        CHECK_THROWS_AS(claim_place(t.db, t.program, t.identity_key, seeded[1].account_id, "c2", t.clock.now()),
                        DuplicateIdentity);
    }
    CHECK(count(t.db, "SELECT count(*) FROM identity_duplicates") == 1);
    CHECK(count(t.db, "SELECT attempts FROM identity_duplicates") == 3);
    CHECK(count(t.db, "SELECT attempted_at FROM identity_duplicates") == first_try + 1000);
    CHECK(count(t.db, "SELECT last_at FROM identity_duplicates") == t.clock.now());
    DuplicateCounts counts = count_duplicates(t.db);
    CHECK(counts.duplicates == 1);
    CHECK(counts.attempts == 3);
}

TEST_CASE("the_holder_claiming_again_still_gets_its_own_receipt") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    ClaimOutcome first = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    ClaimOutcome again = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c2", t.clock.now());
    CHECK_FALSE(again.created);
    CHECK(again.receipt == first.receipt);
    CHECK(count(t.db, "SELECT count(*) FROM identity_duplicates") == 0);
}

TEST_CASE("the_same_number_from_another_country_is_another_person") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    set_passport(t.db, seeded[0].account_id, "FR", "AB1234567");
    set_passport(t.db, seeded[1].account_id, "BE", "AB1234567");
    CHECK(claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now()).created);
    CHECK(claim_place(t.db, t.program, t.identity_key, seeded[1].account_id, "c2", t.clock.now()).created);
}

TEST_CASE("a_program_that_declares_no_identity_compares_none") {
    ClaimDb t;
    t.open_window(5);
    t.program.identity.reset();
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    set_passport(t.db, seeded[0].account_id, "FR", "AB1234567");
    set_passport(t.db, seeded[1].account_id, "FR", "AB1234567");
    CHECK(claim_place(t.db, t.program, "", seeded[0].account_id, "c1", t.clock.now()).created);
    CHECK(claim_place(t.db, t.program, "", seeded[1].account_id, "c2", t.clock.now()).created);
    CHECK(count(t.db, "SELECT count(*) FROM claims WHERE identity_hash IS NULL") == 2);
}

TEST_CASE("a_duplicate_in_a_batch_fails_only_its_own_claim_and_its_record_is_committed") {
    Batching b(4);
    set_passport(b.t.db, b.seeded[1].account_id, "FR", "AB1234567");
    set_passport(b.t.db, b.seeded[2].account_id, "FR", "AB1234567");
    b.while_locked([&] {
        b.claim(0);
        REQUIRE(b.wait_for(1, 0));
        // These three in one batch, queued in this order: 2 collides with 1.
        for (size_t who = 1; who <= 3; ++who) {
            b.claim(who);
            REQUIRE(b.wait_for(1, who));
        }
    });
    b.join();
    REQUIRE(b.results[1].outcome);
    CHECK(b.results[2].error == "duplicate_identity");
    CHECK_FALSE(b.results[2].outcome);
    REQUIRE(b.results[3].outcome);
    CHECK(rank_in(b.results[1].outcome->receipt) == 2);
    CHECK(rank_in(b.results[3].outcome->receipt) == 3);  // no gap
    CHECK(load_window(b.t.db)->claims_count == 3);
    CHECK(count(b.t.db, "SELECT count(*) FROM identity_duplicates") == 1);
    CHECK(b.committer.stats().taken == 2);
}

TEST_CASE("a_committer_without_the_identity_key_records_nothing") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 1, t.random);
    Committer committer(t.connect(), t.program);  // no set_identity_key: a pool that skipped its key
    try {
        committer.submit(seeded[0].account_id, "c1");
        FAIL("recorded without the key");
    } catch (const ApiError& error) {
        CHECK(error.code() == "unavailable");
        CHECK(error.detail().find("identity key") != std::string::npos);
    }
    CHECK(load_window(t.db)->claims_count == 0);
}

TEST_CASE("a_prejudged_claim_on_a_passport_already_claimed_is_refused_by_the_lookup_in_its_one_read") {
    ClaimDb t;
    t.open_window(5);
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    set_passport(t.db, seeded[0].account_id, "FR", "AB1234567");
    set_passport(t.db, seeded[1].account_id, "FR", "AB1234567");
    Committer committer(t.connect(), t.program);  // not started: each claim in the caller's thread
    committer.set_identity_key(t.identity_key);
    auto judged = [&](size_t i) {
        return judge_dossier(t.db, t.program, t.identity_key, seeded[i].account_id, t.clock.now());
    };
    CHECK(committer.submit(seeded[0].account_id, "c1", judged(0)).created);
    CHECK_THROWS_AS(committer.submit(seeded[1].account_id, "c2", judged(1)), DuplicateIdentity);
    CHECK(load_window(t.db)->claims_count == 1);
    CHECK_FALSE(find_receipt(t.db, seeded[1].account_id));
    CHECK(count(t.db, "SELECT count(*) FROM identity_duplicates") == 1);
}
