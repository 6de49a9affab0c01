// GET /metrics and /nginx_status through the real nginx: counters move when
// requests are served, the database's figures show, and only allowed
// addresses get in.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;

namespace {

// The value of one sample line ("name{labels}"), -1 when absent.
long long sample(const std::string& text, const std::string& series) {
    size_t at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::atoll(text.c_str() + at + series.size() + 2);
}

// A handler writes its log line just after answering: poll /metrics until the
// sample reaches at least `wanted` (or give up after a generous while).
long long wait_for_sample(HttpClient& client, const std::string& series, long long wanted) {
    long long value = -1;
    for (int i = 0; i < 200; ++i) {
        value = sample(client.get("/metrics").body, series);
        if (value >= wanted) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return value;
}

}  // namespace

TEST_CASE("metrics_count_handler_requests_by_status_through_nginx") {
    Site site;
    HttpClient client(site.url());
    HttpResponse first = client.get("/metrics");
    REQUIRE(first.status == 200);
    CHECK(first.header("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
    CHECK(sample(first.body, "guichet_requests_total{handler=\"window\",status=\"405\"}") == -1);
    for (int i = 0; i < 3; ++i) REQUIRE(client.post("/api/window", "{}").status == 405);
    CHECK(wait_for_sample(client, "guichet_requests_total{handler=\"window\",status=\"405\"}", 3) == 3);
    std::string text = client.get("/metrics").body;
    CHECK(sample(text, "guichet_request_duration_seconds_count{handler=\"window\"}") >= 3);
    CHECK(sample(text, "guichet_request_duration_seconds_bucket{handler=\"window\",le=\"+Inf\"}") >= 3);
    // nginx's own access log is counted too (the 405s went through it).
    CHECK(wait_for_sample(client, "guichet_nginx_responses_total{status=\"405\"}", 3) >= 3);
}

TEST_CASE("metrics_show_places_and_claims_from_the_database") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+3600", "--closes-at", "+7200", "--places", "2800"}) == 0);
    HttpClient client(site.url());
    std::string text = client.get("/metrics").body;
    CHECK(sample(text, "guichet_places_total") == 2800);
    CHECK(sample(text, "guichet_places_left") == 2800);
    CHECK(sample(text, "guichet_claims_total") == 0);
    CHECK(sample(text, "guichet_window_state{state=\"scheduled\"}") == 1);
    CHECK(sample(text, "guichet_window_state{state=\"open\"}") == 0);
}

TEST_CASE("metrics_report_a_stopped_pool_as_down") {
    Site site;
    HttpClient client(site.url());
    CHECK(sample(client.get("/metrics").body, "guichet_pool_up{handler=\"window\"}") == 1);
    // Stop the window pool the way a crash would leave it: its socket no longer accepts.
    REQUIRE(run_command("kill -TERM " + std::to_string(site.pool_pid("window"))) == 0);
    long long up = 1;
    for (int i = 0; i < 200 && up != 0; ++i) {
        up = sample(client.get("/metrics").body, "guichet_pool_up{handler=\"window\"}");
        if (up != 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(up == 0);
}

TEST_CASE("nginx_status_answers_beside_the_metrics") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.get("/nginx_status");
    CHECK(response.status == 200);
    CHECK(response.body.find("Active connections:") != std::string::npos);
}

TEST_CASE("metrics_and_nginx_status_are_refused_to_addresses_not_allowed") {
    Site site({"GUICHET_METRICS_ALLOW=192.0.2.1"});
    HttpClient client(site.url());
    HttpResponse metrics = client.get("/metrics");
    CHECK(metrics.status == 403);
    CHECK(is_error(metrics.body, "forbidden"));
    CHECK(client.get("/nginx_status").status == 403);
}
