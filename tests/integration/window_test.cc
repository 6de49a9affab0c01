// GET /api/window through the real nginx and window pool, and the operator's
// guichet-admin commands that set what it shows.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "base/clock.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;

TEST_CASE("window_before_scheduling_is_scheduled_with_no_dates") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.get("/api/window");
    CHECK(response.status == 200);
    CHECK(response.header("content-type") == "application/json; charset=utf-8");
    Json body = parse_json(response.body);
    REQUIRE(body);
    CHECK(json_text(body, "state") == "scheduled");
    CHECK(json_is_null(json_object_get(body.get(), "opens_at")));
    CHECK(json_text(body, "policy") == "fcfs");
    CHECK(parse_time(json_text(body, "server_time")).has_value());
}

TEST_CASE("server_time_is_the_moment_of_the_answer_even_from_the_cache") {
    // The contract's clock: within 100 ms of the server's clock, even when the
    // rest of the answer comes from nginx's one-second cache (the test and the
    // site share this machine's clock).
    Site site;
    HttpClient client(site.url());
    int hits = 0;
    int64_t oldest_body_ms = 0;  // how much older than its clock a cached body was
    for (int i = 0; i < 8; ++i) {
        int64_t before = now_ms();
        HttpResponse response = client.get("/api/window");
        int64_t after = now_ms();
        REQUIRE(response.status == 200);
        if (response.header("x-cache-status") == "HIT") ++hits;
        Json body = parse_json(response.body);
        REQUIRE(body);
        std::optional<int64_t> server = parse_time(json_text(body, "server_time"));
        INFO("server_time ", json_text(body, "server_time"), ", asked at ", format_time(before));
        REQUIRE(server.has_value());
        CHECK(*server >= before - 100);
        CHECK(*server <= after + 100);
        std::optional<int64_t> made = parse_time(response.header("x-made-at"));
        if (made) oldest_body_ms = std::max(oldest_body_ms, *server - *made);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    CHECK(hits >= 4);  // most of them came from the cache: the clock is filled in on every answer
    // And a cached body was old enough that a server_time made with it would
    // have been off by more than the contract allows: the test tests something.
    CHECK(oldest_body_ms > 100);
}

TEST_CASE("window_set_with_guichet_admin_is_served_as_the_contract_says") {
    Site site;
    std::string output;
    REQUIRE(site.admin({"window", "set", "--opens-at", "2030-02-16T13:30:00Z", "--closes-at",
                        "2030-02-16T23:59:59.500Z", "--places", "2800"},
                       &output) == 0);
    HttpClient client(site.url());
    Json body = parse_json(client.get("/api/window").body);
    REQUIRE(body);
    CHECK(json_text(body, "state") == "scheduled");
    CHECK(json_text(body, "opens_at") == "2030-02-16T13:30:00.000Z");
    CHECK(json_text(body, "closes_at") == "2030-02-16T23:59:59.500Z");
    CHECK(json_int(body, "places_total") == 2800);
    CHECK(json_int(body, "places_left") == 2800);
    CHECK(json_text(body, "policy") == "fcfs");
    int64_t server = parse_time(json_text(body, "server_time")).value_or(0);
    CHECK(std::llabs(server - now_ms()) < 5000);
}

TEST_CASE("window_is_open_after_its_opening_time_and_paused_when_paused") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"}) == 0);
    HttpClient client(site.url());
    CHECK(json_text(parse_json(client.get("/api/window").body), "state") == "open");
    REQUIRE(site.admin({"window", "pause"}) == 0);
    // nginx's micro-cache keeps the old answer for one to two seconds (it counts whole seconds).
    std::string state;
    for (int i = 0; i < 60 && state != "paused"; ++i) {
        state = json_text(parse_json(client.get("/api/window").body), "state");
        if (state != "paused") std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(state == "paused");
    // Pausing also tells everyone, on every page.
    CHECK(client.get("/").body.find("banner-outage") != std::string::npos);
}

TEST_CASE("window_answers_other_methods_with_405_in_the_contract_shape") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.post("/api/window", "{}");
    CHECK(response.status == 405);
    CHECK(is_error(response.body, "method_not_allowed"));
    CHECK(response.header("allow") == "GET, HEAD");
}

TEST_CASE("unknown_api_path_is_a_json_404") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.get("/api/nothing-here");
    CHECK(response.status == 404);
    CHECK(is_error(response.body, "not_found"));
}

TEST_CASE("window_opening_time_cannot_move_once_open") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"}) == 0);
    std::string output;
    CHECK(site.admin({"window", "set", "--opens-at", "+600", "--closes-at", "+3600", "--places", "10"}, &output) == 1);
    CHECK(output.find("window_locked") != std::string::npos);
    CHECK(site.admin({"window", "set", "--opens-at", "bogus", "--closes-at", "+3600", "--places", "10"}) == 2);
}

TEST_CASE("banner_set_with_guichet_admin_shows_on_the_next_page_load") {
    Site site;
    HttpClient client(site.url());
    CHECK(client.get("/").body.find("class=\"banner") == std::string::npos);
    REQUIRE(site.admin({"banner", "set", "--level", "warning", "--fr", "Panne technique <b>réelle</b>", "--en",
                        "Technical failure"}) == 0);
    HttpResponse page = client.get("/");
    CHECK(page.status == 200);
    CHECK(page.body.find("Panne technique &lt;b&gt;réelle&lt;/b&gt;") != std::string::npos);
    Json banner = parse_json(client.get("/status/banner.json").body);
    CHECK(json_text(banner, "level") == "warning");
    REQUIRE(site.admin({"banner", "clear"}) == 0);
    CHECK(client.get("/").body.find("Panne technique") == std::string::npos);
}

TEST_CASE("the_receipt_public_key_is_published") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.get("/keys/receipt.pem");
    CHECK(response.status == 200);
    CHECK(response.body.rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
}
