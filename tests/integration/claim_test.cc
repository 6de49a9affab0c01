// POST and GET /api/claim through the real nginx and claim pool: every status
// of the contract, idempotency, and receipts checked with the published key.
#include <doctest/doctest.h>

#include <fstream>

#include "crypto/ecdsa.h"
#include "base/encoding.h"
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

}  // namespace

TEST_CASE("claim_without_a_session_is_401") {
    Site site;
    open_window(site, 10);
    HttpClient client(site.url());
    HttpResponse post = client.post("/api/claim", "");
    CHECK(post.status == 401);
    CHECK(is_error(post.body, "no_session"));
    CHECK(client.get("/api/claim").status == 401);
    client.set_cookie("guichet_session", "' OR 1=1 --");
    CHECK(client.post("/api/claim", "").status == 401);
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "0");
}

TEST_CASE("claim_from_another_site_is_403_and_records_nothing") {
    Site site;
    open_window(site, 10);
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.request("POST", "/api/claim", "", {"Origin: http://evil.example"});
    CHECK(response.status == 403);
    CHECK(is_error(response.body, "cross_site"));
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "0");
}

TEST_CASE("claim_before_opening_is_425_with_opens_at") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "2030-02-16T13:30:00Z", "--closes-at",
                        "2030-02-16T23:00:00Z", "--places", "10"}) == 0);
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.post("/api/claim", "");
    CHECK(response.status == 425);
    CHECK(is_error(response.body, "too_early"));
    CHECK(json_text(parse_json(response.body), "opens_at") == "2030-02-16T13:30:00.000Z");
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "0");
}

TEST_CASE("claim_before_any_window_is_scheduled_is_425") {
    Site site;
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.post("/api/claim", "");
    CHECK(response.status == 425);
    CHECK(is_error(response.body, "too_early"));
}

TEST_CASE("claim_while_paused_is_409_window_paused") {
    Site site;
    open_window(site, 10);
    REQUIRE(site.admin({"window", "pause", "--no-banner"}) == 0);
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.post("/api/claim", "");
    CHECK(response.status == 409);
    CHECK(is_error(response.body, "window_paused"));
    REQUIRE(site.admin({"window", "resume"}) == 0);
    CHECK(client.post("/api/claim", "").status == 201);
}

TEST_CASE("claim_after_closing_is_409_window_closed") {
    Site site;
    open_window(site, 10);
    REQUIRE(site.admin({"window", "close"}) == 0);
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.post("/api/claim", "");
    CHECK(response.status == 409);
    CHECK(is_error(response.body, "window_closed"));
}

TEST_CASE("claim_with_an_incomplete_dossier_is_422_with_the_problems_and_locks_nothing") {
    Site site;
    open_window(site, 10);
    auto candidates = seed_candidates(site, 1);
    std::string id = std::to_string(candidates[0].account_id);
    REQUIRE(site.sql("UPDATE dossiers SET fields = " + json_without(site, "fields", "passport_number") +
                     " WHERE account_id = " + id) == "");
    site.sql("DELETE FROM documents WHERE kind = 'diploma' AND account_id = " + id);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.request("POST", "/api/claim", "", {"Accept-Language: en"});
    CHECK(response.status == 422);
    CHECK(is_error(response.body, "not_compliant"));
    Json body = parse_json(response.body);
    json_t* fields = json_object_get(body.get(), "fields");
    CHECK(json_object_size(fields) == 2);
    CHECK(std::string(json_string_value(json_object_get(fields, "passport_number"))) == "missing");
    CHECK(std::string(json_string_value(json_object_get(fields, "document:diploma"))) == "missing");
    json_t* problems = json_object_get(body.get(), "problems");
    REQUIRE(json_array_size(problems) == 2);
    CHECK(std::string(json_string_value(json_object_get(json_array_get(problems, 0), "field"))) == "passport_number");
    CHECK(std::string(json_string_value(json_object_get(json_array_get(problems, 1), "document"))) == "diploma");
    CHECK(std::string(json_string_value(json_object_get(json_array_get(problems, 1), "message"))).find("Highest diploma") !=
          std::string::npos);
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "0");
    CHECK(site.sql("SELECT claims_count FROM intake_window") == "0");
    CHECK(site.sql("SELECT CAST(locked_at IS NULL AS INTEGER) FROM dossiers WHERE account_id = " + id) == "1");
}

TEST_CASE("claim_twice_returns_the_same_receipt_with_200_and_never_a_second_rank") {
    Site site;
    open_window(site, 10);
    auto candidates = seed_candidates(site, 2);
    HttpClient client(site.url());
    log_in(client, candidates[1]);
    HttpResponse first = client.post("/api/claim", "");
    REQUIRE(first.status == 201);
    HttpResponse second = client.post("/api/claim", "{}");
    CHECK(second.status == 200);
    CHECK(second.body == first.body);
    HttpResponse shown = client.get("/api/claim");
    CHECK(shown.status == 200);
    CHECK(shown.body == first.body);
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "1");
    CHECK(site.sql("SELECT claims_count || ' ' || places_granted FROM intake_window") == "1 1");
    std::string id = std::to_string(candidates[1].account_id);
    CHECK(site.sql("SELECT CAST(locked_at IS NOT NULL AS INTEGER) FROM dossiers WHERE account_id = " + id) == "1");
    Json receipt = parse_json(json_text(parse_json(first.body), "receipt"));
    CHECK(json_int(receipt, "rank") == 1);
    CHECK(json_text(receipt, "outcome") == "granted");
    CHECK(json_text(receipt, "candidate") == candidates[1].email);
    CHECK(json_text(receipt, "program") == "pstq-2026-skilled-workers");
    CHECK(json_int(receipt, "places_total") == 10);
    CHECK(json_text(receipt, "claim_id").size() == 32);
    CHECK(json_text(receipt, "dossier_sha256") == site.sql("SELECT dossier_sha256 FROM claims"));
    CHECK(site.sql("SELECT receipt FROM claims") == json_text(parse_json(first.body), "receipt"));
}

TEST_CASE("claims_past_the_places_are_waitlisted_and_granted_never_exceeds_places") {
    Site site;
    open_window(site, 2);
    auto candidates = seed_candidates(site, 3);
    HttpClient client(site.url());
    std::vector<std::string> outcomes;
    for (const Candidate& candidate : candidates) {
        log_in(client, candidate);
        HttpResponse response = client.post("/api/claim", "");
        REQUIRE(response.status == 201);
        outcomes.push_back(json_text(parse_json(json_text(parse_json(response.body), "receipt")), "outcome"));
    }
    CHECK(outcomes == std::vector<std::string>{"granted", "granted", "waitlisted"});
    CHECK(site.sql("SELECT places_granted FROM intake_window") == "2");
    CHECK(json_int(parse_json(client.get("/api/window").body), "places_left") == 0);
}

TEST_CASE("get_claim_before_claiming_is_404_no_claim") {
    Site site;
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.get("/api/claim");
    CHECK(response.status == 404);
    CHECK(is_error(response.body, "no_claim"));
}

TEST_CASE("claim_with_a_hostile_body_is_a_clear_4xx_and_records_nothing") {
    Site site;
    open_window(site, 10);
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    for (std::string body : {std::string("{"), std::string("[1]"), std::string("\"x\""), std::string("{\"a\":1,\"a\":2}"),
                             std::string("{\"a\":\"\\u0000\"}"), std::string("\xff\xfe{}"),
                             std::string("'; DROP TABLE claims; --")}) {
        HttpResponse response = client.post("/api/claim", body);
        CHECK_MESSAGE(response.status == 400, body);
        CHECK(is_error(response.body, "bad_json"));
    }
    HttpResponse huge = client.post("/api/claim", "{\"x\":\"" + std::string(8000, 'a') + "\"}");
    CHECK(huge.status == 413);
    CHECK(is_error(huge.body, "too_large"));
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "0");
    HttpResponse other = client.request("DELETE", "/api/claim");
    CHECK(other.status == 405);
    CHECK(is_error(other.body, "method_not_allowed"));
    CHECK(client.post("/api/claim", "").status == 201);  // still works after all that
}

TEST_CASE("claim_receipt_verifies_with_the_published_key_and_fails_when_one_byte_changes") {
    Site site;
    open_window(site, 10);
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.post("/api/claim", "");
    REQUIRE(response.status == 201);
    Json body = parse_json(response.body);
    std::string receipt = json_text(body, "receipt");
    std::optional<std::string> signature = base64_decode(json_text(body, "signature"));
    REQUIRE(signature);
    CHECK(signature->size() == 64);
    EcKey published;
    EcKey::load_public_pem(published, client.get("/keys/receipt.pem").body);
    CHECK(published.verify(receipt, *signature));
    for (size_t i : {size_t(0), receipt.find("rank") + 6, receipt.size() - 1}) {
        std::string tampered = receipt;
        tampered[i] = static_cast<char>(tampered[i] ^ 1);
        CHECK_FALSE(published.verify(tampered, *signature));
    }
    std::string bad_signature = *signature;
    bad_signature[40] = static_cast<char>(bad_signature[40] ^ 0x80);
    CHECK_FALSE(published.verify(receipt, bad_signature));
}

TEST_CASE("guichet_verify_exits_0_for_a_receipt_and_non_zero_otherwise") {
    Site site;
    open_window(site, 10);
    auto candidates = seed_candidates(site, 1);
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    HttpResponse response = client.post("/api/claim", "");
    REQUIRE(response.status == 201);
    std::string pem = site.data() + "/published.pem", good = site.data() + "/receipt.json",
                bad = site.data() + "/tampered.json";
    std::ofstream(pem) << client.get("/keys/receipt.pem").body;
    std::ofstream(good) << response.body;
    std::string tampered = response.body;
    size_t at = tampered.find("granted");
    REQUIRE(at != std::string::npos);
    tampered.replace(at, 7, "grantee");
    std::ofstream(bad) << tampered;
    std::string verify = shell_quote(bin_dir() + "/guichet-verify");
    std::string output;
    CHECK(run_command(verify + " --key " + shell_quote(pem) + " " + shell_quote(good), &output) == 0);
    CHECK(output.find("rank: 1") != std::string::npos);
    CHECK(output.find("signature: valid") != std::string::npos);
    CHECK(run_command(verify + " receipt --key " + shell_quote(pem) + " " + shell_quote(good)) == 0);
    CHECK(run_command(verify + " --key " + shell_quote(pem) + " " + shell_quote(bad), &output) == 1);
    CHECK(output.find("INVALID") != std::string::npos);
    CHECK(run_command(verify + " --key " + shell_quote(pem) + " " + shell_quote(pem)) == 2);  // not an answer
    CHECK(run_command(verify + " --key " + shell_quote(good) + " " + shell_quote(good)) == 2);  // not a key
    CHECK(run_command(verify + " --key " + shell_quote(pem) + " /nonexistent.json") == 2);
    CHECK(run_command(verify) == 2);
}
