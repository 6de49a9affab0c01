// Security headers on every kind of response: pages, files, API answers,
// handler errors and nginx's own errors (dead pool, body too large).
#include <doctest/doctest.h>
#include <signal.h>

#include <thread>

#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet::test;

namespace {

void check_security_headers(const HttpResponse& response, const std::string& what) {
    INFO(what, " (status ", response.status, ")");
    CHECK(response.header("x-content-type-options") == "nosniff");
    CHECK(response.header("referrer-policy") == "no-referrer");
    CHECK(response.header("x-frame-options") == "DENY");
    std::string csp = response.header("content-security-policy");
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(response.header("server") == "nginx");  // no version number
}

}  // namespace

TEST_CASE("every_kind_of_response_carries_the_security_headers") {
    Site site;
    HttpClient client(site.url());
    // A dead pool first (before anything is in the window's micro-cache), then bring it back.
    kill(site.pool_pid("window"), SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    HttpResponse dead = client.get("/api/window");
    CHECK(dead.status == 503);
    check_security_headers(dead, "dead pool 503");
    site.start();
    check_security_headers(client.get("/"), "page");
    check_security_headers(client.get("/status/banner.json"), "banner");
    check_security_headers(client.get("/api/window"), "api 200");
    check_security_headers(client.post("/api/window", "{}"), "handler 405");
    check_security_headers(client.get("/keys/receipt.pem"), "receipt key");
    HttpResponse unknown = client.get("/api/nothing");
    check_security_headers(unknown, "api 404");
    CHECK(unknown.status == 404);
    CHECK(is_error(unknown.body, "not_found"));  // the catalogue's document, not a hand-written body
    check_security_headers(client.get("/no-such-page.html"), "static 404");
    check_security_headers(client.put("/api/dossier", std::string(20000, 'x')), "nginx 413");
}

TEST_CASE("nginx_rejects_an_oversized_json_body_with_the_contract_413") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.put("/api/dossier", std::string(20000, 'x'));
    CHECK(response.status == 413);
    CHECK(is_error(response.body, "too_large"));
    CHECK(response.header("retry-after").empty());
}
