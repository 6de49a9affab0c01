// Review and promotion on the real site (nginx, pools, SQLite, the mailer's
// .eml folder): a rejection in the console, the next in line's new signed
// receipt and email, confirming it, the deadline passing (set in the past with
// SQL), the sweeper moving an offer on with no request at all, the lottery's
// order, and `guichet-admin review`.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include "base/clock.h"
#include "base/encoding.h"
#include "crypto/digest.h"
#include "crypto/ecdsa.h"
#include "tests/integration/admin_helpers.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/mailbox.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;

namespace {

struct Claimed {
    Candidate candidate;
    std::string claim_id;
};

// An fcfs window with `places` places, and `count` candidates who claimed in order.
std::vector<Claimed> claims_in_order(const Site& site, int places, int count) {
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places",
                        std::to_string(places)}) == 0);
    std::vector<Claimed> out;
    for (const Candidate& candidate : seed_candidates(site, count)) {
        HttpClient client(site.url());
        log_in(client, candidate);
        HttpResponse answer = client.post("/api/claim", "");
        REQUIRE(answer.status == 201);
        Json receipt = parse_json(json_text(parse_json(answer.body), "receipt"));
        out.push_back({candidate, json_text(receipt, "claim_id")});
    }
    return out;
}

struct Console {
    HttpClient client;
    explicit Console(const Site& site, const std::string& name = "reviewer") : client(site.url()) {
        std::string secret = add_admin(site, name);
        REQUIRE(admin_login(client, name, secret).status == 200);
    }
    HttpResponse decide(const std::string& claim_id, const std::string& decision, const std::string& reason) {
        return client.put("/api/admin/review/" + claim_id,
                          "{\"decision\":\"" + decision + "\",\"reason\":\"" + reason + "\"}");
    }
};

HttpResponse as_candidate(const Site& site, const Candidate& candidate, const char* method, const std::string& path) {
    HttpClient client(site.url());
    log_in(client, candidate);
    return client.request(method, path, "");
}

bool verifies(const Site& site, const std::string& receipt, const std::string& signature) {
    HttpClient client(site.url());
    EcKey key;
    EcKey::load_public_pem(key, client.get("/keys/receipt.pem").body);
    auto raw = base64_decode(signature);
    return raw && key.verify(receipt, *raw);
}

std::string outcome_of(const Site& site, const std::string& claim_id) {
    return site.sql("SELECT outcome FROM claims WHERE claim_id = '" + claim_id + "'");
}

bool eventually(const std::function<bool()>& test, int seconds = 10) {
    for (int i = 0; i < seconds * 10; ++i) {
        if (test()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return test();
}

}  // namespace

TEST_CASE("review_rejection_offers_the_place_to_the_next_in_line_who_confirms_it") {
    Site site;
    std::vector<Claimed> claims = claims_in_order(site, 1, 3);
    Console console(site);
    HttpResponse list = console.client.get("/api/admin/review");
    REQUIRE(list.status == 200);
    Json listed = parse_json(list.body);
    CHECK(json_int(Json(json_incref(json_object_get(listed.get(), "counts"))), "holding") == 1);

    HttpResponse decided = console.decide(claims[0].claim_id, "rejected", "passport expired");
    REQUIRE(decided.status == 200);
    CHECK(json_text(parse_json(decided.body), "promoted") == claims[1].claim_id);
    CHECK(outcome_of(site, claims[1].claim_id) == "granted");
    CHECK(site.sql("SELECT places_granted FROM intake_window") == "1");
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'review_rejected' AND who = 'reviewer'") == "1");

    // The same decision again changes nothing; another one is refused.
    HttpResponse again = console.decide(claims[0].claim_id, "rejected", "passport expired");
    CHECK(again.status == 200);
    CHECK(json_is_false(json_object_get(parse_json(again.body).get(), "changed")));
    HttpResponse other = console.decide(claims[0].claim_id, "accepted", "oops");
    CHECK(other.status == 409);
    CHECK(is_error(other.body, "already_reviewed"));
    CHECK(site.sql("SELECT count(*) FROM offers") == "1");

    // The promoted candidate's email: the place, the deadline, the receipt page.
    std::vector<MailFile> promotion = wait_for_mail(site.data() + "/mail", claims[1].candidate.email, "promotion");
    REQUIRE(promotion.size() == 1);
    CHECK(link_in(promotion[0], site.url() + "/receipt.html") == site.url() + "/receipt.html");
    // "2026-02-16 13:30", as the mail writes it
    std::string deadline = format_time(std::stoll(site.sql("SELECT confirm_by FROM offers"))).substr(0, 16);
    deadline[10] = ' ';
    CHECK(promotion[0].text.find(deadline + " UTC") != std::string::npos);
    std::vector<MailFile> rejected = wait_for_mail(site.data() + "/mail", claims[0].candidate.email, "review_rejected");
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].text.find("passport expired") != std::string::npos);

    // The new receipt, signed by the claim pool, names the earlier one, which is in the history.
    HttpResponse mine = as_candidate(site, claims[1].candidate, "GET", "/api/claim");
    REQUIRE(mine.status == 200);
    Json body = parse_json(mine.body);
    Json receipt = parse_json(json_text(body, "receipt"));
    CHECK(json_text(receipt, "outcome") == "granted");
    CHECK(verifies(site, json_text(body, "receipt"), json_text(body, "signature")));
    json_t* history = json_object_get(body.get(), "history");
    REQUIRE(json_array_size(history) == 1);
    std::string earlier = json_string_value(json_object_get(json_array_get(history, 0), "receipt"));
    CHECK(json_text(receipt, "replaces") == hex_encode(sha256(earlier)));
    CHECK(json_text(parse_json(earlier), "outcome") == "waitlisted");
    CHECK(verifies(site, earlier, json_string_value(json_object_get(json_array_get(history, 0), "signature"))));
    CHECK(json_text(body, "confirm_by") == json_text(receipt, "confirm_by"));
    CHECK(json_is_null(json_object_get(body.get(), "confirmed_at")));

    // Confirming: 200 with the receipt, the same again; without a place to confirm, 409.
    HttpResponse confirmed = as_candidate(site, claims[1].candidate, "POST", "/api/claim/confirm");
    REQUIRE(confirmed.status == 200);
    std::string confirmed_at = json_text(parse_json(confirmed.body), "confirmed_at");
    CHECK(!confirmed_at.empty());
    CHECK(json_text(parse_json(as_candidate(site, claims[1].candidate, "POST", "/api/claim/confirm").body),
                    "confirmed_at") == confirmed_at);
    HttpResponse none = as_candidate(site, claims[2].candidate, "POST", "/api/claim/confirm");
    CHECK(none.status == 409);
    CHECK(is_error(none.body, "no_offer"));
    // A forged confirmation is refused before anything else.
    HttpClient forged(site.url());
    log_in(forged, claims[2].candidate);
    CHECK(forged.request("POST", "/api/claim/confirm", "", {"Origin: https://evil.example"}).status == 403);

    // The rejected candidate sees the decision and its reason.
    Json rejected_view = parse_json(as_candidate(site, claims[0].candidate, "GET", "/api/claim").body);
    json_t* review = json_object_get(rejected_view.get(), "review");
    REQUIRE(json_is_object(review));
    CHECK(std::string(json_string_value(json_object_get(review, "reason"))) == "passport expired");
    // The export and the statistics agree: one place held.
    CHECK(console.client.get("/api/admin/claims.csv").body.find("\"rejected\"") != std::string::npos);
    CHECK(json_int(Json(json_incref(json_object_get(parse_json(console.client.get("/api/admin/stats").body).get(),
                                                    "review"))),
                   "rejected") == 1);
}

TEST_CASE("review_past_the_deadline_the_place_moves_to_the_next_and_the_late_candidate_is_told") {
    Site site;
    std::vector<Claimed> claims = claims_in_order(site, 1, 3);
    Console console(site);
    REQUIRE(console.decide(claims[0].claim_id, "rejected", "incomplete").status == 200);
    site.sql("UPDATE offers SET confirm_by = 1000");  // the deadline has passed
    // Reading the receipt sweeps first: the late candidate is back on the waiting list.
    Json late = parse_json(as_candidate(site, claims[1].candidate, "GET", "/api/claim").body);
    Json receipt = parse_json(json_text(late, "receipt"));
    CHECK(json_text(receipt, "outcome") == "waitlisted");
    CHECK(!json_text(late, "offer_expired_at").empty());
    CHECK(json_array_size(json_object_get(late.get(), "history")) == 2);
    HttpResponse too_late = as_candidate(site, claims[1].candidate, "POST", "/api/claim/confirm");
    CHECK(too_late.status == 409);
    CHECK(is_error(too_late.body, "offer_expired"));
    CHECK(outcome_of(site, claims[2].claim_id) == "granted");
    CHECK(site.sql("SELECT freed_by FROM offers WHERE claim_id = '" + claims[2].claim_id + "'") == claims[1].claim_id);
    CHECK(wait_for_mail(site.data() + "/mail", claims[1].candidate.email, "offer_expired").size() == 1);
    CHECK(wait_for_mail(site.data() + "/mail", claims[2].candidate.email, "promotion").size() == 1);
    CHECK(site.sql("SELECT places_granted FROM intake_window") == "1");
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'offer_expired'") == "1");
}

TEST_CASE("review_sweeper_moves_an_expired_offer_on_without_any_request") {
    Site site({"GUICHET_REVIEW_SWEEP_SECONDS=1"});
    std::vector<Claimed> claims = claims_in_order(site, 1, 3);
    REQUIRE(site.admin({"review", "reject", claims[0].claim_id, "--reason", "duplicate"}) == 0);
    CHECK(outcome_of(site, claims[1].claim_id) == "granted");
    site.sql("UPDATE offers SET confirm_by = 1000 WHERE claim_id = '" + claims[1].claim_id + "'");
    CHECK(eventually([&] { return outcome_of(site, claims[2].claim_id) == "granted"; }));
    CHECK(outcome_of(site, claims[1].claim_id) == "waitlisted");
    CHECK(site.sql("SELECT who || ':' || from_addr FROM audit_log WHERE action = 'offer_expired'") == "sweep:admin");
}

TEST_CASE("review_under_the_lottery_offers_the_place_by_draw_rank") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "1", "--policy",
                        "lottery", "--draw-ends-at", "+3"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 4);
    for (const Candidate& candidate : candidates) REQUIRE(as_candidate(site, candidate, "POST", "/api/claim").status == 201);
    int tries = 0;
    while (site.admin({"draw"}) != 0 && ++tries < 50) usleep(200 * 1000);
    REQUIRE(site.sql("SELECT CAST(drawn_at IS NOT NULL AS INTEGER) FROM intake_window") == "1");
    std::string first = site.sql("SELECT claim_id FROM claims WHERE draw_rank = 1");
    std::string second = site.sql("SELECT claim_id FROM claims WHERE draw_rank = 2");
    std::string third = site.sql("SELECT claim_id FROM claims WHERE draw_rank = 3");
    Console console(site);
    HttpResponse decided = console.decide(first, "rejected", "not eligible");
    REQUIRE(decided.status == 200);
    CHECK(json_text(parse_json(decided.body), "promoted") == second);
    site.sql("UPDATE offers SET confirm_by = 1000");
    REQUIRE(console.client.get("/api/admin/review").status == 200);  // the list sweeps first
    CHECK(outcome_of(site, third) == "granted");
    CHECK(outcome_of(site, second) == "waitlisted");
    // The promoted lottery receipt keeps its final rank and is signed when shown.
    std::string account = site.sql("SELECT account_id FROM claims WHERE claim_id = '" + third + "'");
    for (const Candidate& candidate : candidates) {
        if (std::to_string(candidate.account_id) != account) continue;
        Json body = parse_json(as_candidate(site, candidate, "GET", "/api/claim").body);
        CHECK(json_int(parse_json(json_text(body, "receipt")), "rank") == 3);
        CHECK(verifies(site, json_text(body, "receipt"), json_text(body, "signature")));
        CHECK(json_array_size(json_object_get(body.get(), "history")) == 2);  // before the draw, the draw's
    }
}

TEST_CASE("review_cli_lists_decides_refuses_a_change_and_is_audited") {
    Site site;
    std::vector<Claimed> claims = claims_in_order(site, 2, 3);
    std::string output;
    REQUIRE(site.admin({"review", "list"}, &output) == 0);
    CHECK(output.find(claims[0].claim_id) != std::string::npos);
    CHECK(output.find(claims[2].claim_id) == std::string::npos);  // waitlisted: not under review
    REQUIRE(site.admin({"review", "accept", claims[0].claim_id, "--reason", "complete"}, &output) == 0);
    CHECK(site.admin({"review", "accept", claims[0].claim_id, "--reason", "complete"}, &output) == 0);
    CHECK(output.find("already recorded") != std::string::npos);
    CHECK(site.admin({"review", "reject", claims[0].claim_id, "--reason", "changed my mind"}, &output) == 1);
    CHECK(output.find("already_reviewed") != std::string::npos);
    REQUIRE(site.admin({"review", "reject", claims[1].claim_id, "--reason", "forged document"}, &output) == 0);
    CHECK(output.find("place offered to " + claims[2].claim_id) != std::string::npos);
    CHECK(site.admin({"review", "reject", claims[1].claim_id}, &output) == 1);  // a reason is required (422)
    REQUIRE(site.admin({"review", "list", "--json"}, &output) == 0);
    Json list = parse_json(output);
    Json counts(json_incref(json_object_get(list.get(), "counts")));
    CHECK(json_int(counts, "accepted") == 1);
    CHECK(json_int(counts, "rejected") == 1);
    CHECK(json_int(counts, "offers_open") == 1);
    REQUIRE(site.admin({"review", "sweep"}, &output) == 0);
    CHECK(output.find("0 offers expired") != std::string::npos);
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE who LIKE 'cli:%' AND action IN "
                   "('review_accepted', 'review_rejected', 'offer_made')") == "3");
}
