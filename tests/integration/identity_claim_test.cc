// One place per person through the real site: the same passport claimed from
// a second account is 409 duplicate_identity, gets no rank, and is listed for
// administrators in the console and on the command line.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "tests/integration/admin_helpers.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"
#include "tests/integration/portable_sql.h"

using namespace guichet;
using namespace guichet::test;

namespace {

void open_window(const Site& site, int places) {
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places",
                        std::to_string(places)}) == 0);
}

void set_passport(const Site& site, const Candidate& candidate, const std::string& number) {
    REQUIRE(site.sql("UPDATE dossiers SET fields = " + json_with(site, "fields", "passport_number", number) +
                     " WHERE account_id = " + std::to_string(candidate.account_id))
                .empty());
}

// Two seeded candidates with one passport; the first claims, the second is refused twice.
std::vector<Candidate> one_duplicate(const Site& site) {
    open_window(site, 10);
    std::vector<Candidate> candidates = seed_candidates(site, 2);
    set_passport(site, candidates[0], "AB1234567");
    set_passport(site, candidates[1], "AB1234567");
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    REQUIRE(client.post("/api/claim", "").status == 201);
    log_in(client, candidates[1]);
    REQUIRE(client.post("/api/claim", "").status == 409);
    REQUIRE(client.post("/api/claim", "").status == 409);
    return candidates;
}

}  // namespace

TEST_CASE("the_same_passport_written_differently_by_a_second_account_is_409_duplicate_identity_with_no_rank") {
    Site site;
    open_window(site, 10);
    std::vector<Candidate> candidates = seed_candidates(site, 3);
    HttpClient ana(site.url()), bo(site.url()), cy(site.url());
    log_in(ana, candidates[0]);
    log_in(bo, candidates[1]);
    log_in(cy, candidates[2]);
    // The dossier saves both forms as one.
    REQUIRE(ana.put("/api/dossier", "{\"fields\":{\"passport_number\":\"ab 123-456.7\"}}").status == 200);
    REQUIRE(bo.put("/api/dossier", "{\"fields\":{\"passport_number\":\"AB1234567\"}}").status == 200);
    CHECK(site.sql("SELECT " + json_member(site, "fields", "passport_number") + " FROM dossiers WHERE account_id = " +
                   std::to_string(candidates[0].account_id)) == "AB1234567");

    HttpResponse first = ana.post("/api/claim", "");
    REQUIRE(first.status == 201);
    HttpResponse refused = bo.request("POST", "/api/claim", "", {"Accept-Language: en"});
    CHECK(refused.status == 409);
    CHECK(is_error(refused.body, "duplicate_identity"));
    CHECK(json_text(parse_json(refused.body), "message").find("one person can hold only one place") !=
          std::string::npos);
    HttpResponse again = bo.post("/api/claim", "");
    CHECK(again.status == 409);
    CHECK(json_text(parse_json(again.body), "message").find("une personne ne peut obtenir qu'une place") !=
          std::string::npos);
    CHECK(is_error(bo.get("/api/claim").body, "no_claim"));
    // The holder's repeat is the same receipt; the next claim takes rank 2, no gap.
    HttpResponse repeat = ana.post("/api/claim", "");
    CHECK(repeat.status == 200);
    CHECK(repeat.body == first.body);
    HttpResponse next = cy.post("/api/claim", "");
    REQUIRE(next.status == 201);
    CHECK(json_int(parse_json(json_text(parse_json(next.body), "receipt")), "rank") == 2);
    CHECK(join(site.column("SELECT rank FROM claims ORDER BY rank"), ",") == "1,2");
    CHECK(site.sql("SELECT claims_count FROM intake_window") == "2");
    CHECK(site.sql("SELECT CAST(locked_at IS NULL AS INTEGER) FROM dossiers WHERE account_id = " +
                   std::to_string(candidates[1].account_id)) == "1");
    // The attempt is recorded with its account; only the keyed hash is stored.
    CHECK(site.sql("SELECT account_id || ' ' || attempts FROM identity_duplicates") ==
          std::to_string(candidates[1].account_id) + " 2");
    CHECK(site.sql("SELECT count(*) FROM identity_duplicates d JOIN claims c ON c.claim_id = d.claim_id "
                   "AND c.identity_hash = d.identity_hash AND c.account_id = " +
                   std::to_string(candidates[0].account_id)) == "1");
    CHECK(site.sql("SELECT count(*) FROM claims WHERE length(identity_hash) = 32") == "2");
    CHECK(site.sql("SELECT count(*) FROM claims WHERE receipt LIKE '%AB1234567%'") == "0");
}

TEST_CASE("administrators_see_the_duplicates_in_the_console_the_csv_and_the_figures_and_reading_is_audited") {
    Site site;
    std::vector<Candidate> candidates = one_duplicate(site);
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse list = client.get("/api/admin/duplicates");
    REQUIRE(list.status == 200);
    Json body = parse_json(list.body);
    CHECK(json_int(body, "count") == 1);
    Json row(json_incref(json_array_get(json_object_get(body.get(), "duplicates"), 0)));
    CHECK(json_text(row, "email") == candidates[1].email);
    CHECK(json_text(row, "claim_email") == candidates[0].email);
    CHECK(json_int(row, "claim_arrival_rank") == 1);
    CHECK(json_int(row, "attempts") == 2);
    CHECK(json_text(row, "identity").size() == 64);
    HttpResponse csv = client.get("/api/admin/duplicates.csv");
    CHECK(csv.status == 200);
    CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
    CHECK(csv.body.find("\"attempted_at\",\"last_at\",\"attempts\",\"email\"") != std::string::npos);
    CHECK(csv.body.find("\"" + candidates[1].email + "\"") != std::string::npos);
    Json stats = parse_json(client.get("/api/admin/stats").body);
    CHECK(json_int(stats, "duplicates") == 1);
    CHECK(json_int(stats, "duplicate_attempts") == 2);
    CHECK(json_int(stats, "claims") == 1);
    for (const char* action : {"view_duplicates", "export_duplicates_csv"}) {
        CAPTURE(action);
        CHECK(site.sql("SELECT " + json_member(site, "after", "rows") + " FROM audit_log WHERE who = 'alice' "
                       "AND action = '" + action + "'") == "1");
    }
    HttpClient anonymous(site.url());
    CHECK(anonymous.get("/api/admin/duplicates").status == 401);
}

TEST_CASE("cli_duplicates_lists_the_refused_accounts_and_is_audited") {
    Site site;
    std::vector<Candidate> candidates = one_duplicate(site);
    std::string output;
    REQUIRE(site.admin({"duplicates"}, &output) == 0);
    CHECK(output.find(candidates[1].email + " (") != std::string::npos);
    CHECK(output.find("refused 2 time(s)") != std::string::npos);
    CHECK(output.find("held by the claim that arrived #1 (granted") != std::string::npos);
    CHECK(output.find(candidates[0].email) != std::string::npos);
    CHECK(output.find("1 account(s) refused as duplicates, 2 attempt(s) in all") != std::string::npos);
    REQUIRE(site.admin({"duplicates", "--csv"}, &output) == 0);
    CHECK(output.find("\"claim_arrival_rank\",\"claim_id\"") != std::string::npos);
    CHECK(join(site.column("SELECT action FROM audit_log WHERE who LIKE 'cli:%' "
                           "AND action LIKE '%duplicates%' ORDER BY id"), ",") == "view_duplicates,export_duplicates_csv");
}

TEST_CASE("the_same_passport_claimed_at_the_same_instant_from_two_accounts_gives_exactly_one_place") {
    Site site;
    open_window(site, 1000);
    const int pairs = 24;
    std::vector<Candidate> candidates = seed_candidates(site, 2 * pairs);
    for (int i = 0; i < 2 * pairs; ++i) set_passport(site, candidates[i], "PX" + std::to_string(100000 + i / 2));
    // Clients are made here, before the threads: curl's global set-up is not thread-safe.
    std::vector<std::unique_ptr<HttpClient>> clients;
    for (int i = 0; i < 2 * pairs; ++i) {
        clients.push_back(std::make_unique<HttpClient>(site.url()));
        log_in(*clients.back(), candidates[i]);
    }
    std::vector<long> status(2 * pairs, 0);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 2 * pairs; ++i) {
        threads.emplace_back([&, i] {
            ++ready;
            while (ready.load() < 2 * pairs) std::this_thread::yield();  // everyone at once
            for (int attempt = 0; attempt < 200; ++attempt) {
                HttpResponse response = clients[i]->request(
                    "POST", "/api/claim", "", {"X-Forwarded-For: 10.8.0." + std::to_string(i + 1)});
                status[i] = response.status;
                if (response.status != 503 && response.status != 0) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int pair = 0; pair < pairs; ++pair) {
        CAPTURE(pair);
        long a = status[2 * pair], b = status[2 * pair + 1];
        CHECK(((a == 201 && b == 409) || (a == 409 && b == 201)));
    }
    CHECK(site.sql("SELECT count(*) || ' ' || min(rank) || ' ' || max(rank) FROM claims") ==
          std::to_string(pairs) + " 1 " + std::to_string(pairs));
    CHECK(site.sql("SELECT count(DISTINCT identity_hash) FROM claims") == std::to_string(pairs));
    CHECK(site.sql("SELECT count(*) || ' ' || sum(attempts) FROM identity_duplicates") ==
          std::to_string(pairs) + " " + std::to_string(pairs));
    CHECK(site.sql("SELECT count(*) FROM identity_duplicates d JOIN claims c ON c.account_id = d.account_id") == "0");
}
