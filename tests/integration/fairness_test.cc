// One client may hold only a small fixed share of any pool: requests whose
// body trickles in (or never comes) count against their own client's cap, not
// against everyone's. The loopback is a trusted proxy in test sites, so each
// "client" here is the address named in X-Forwarded-For.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/raw_socket.h"
#include "tests/integration/mailbox.h"
#include "tests/integration/site.h"

using namespace guichet::test;

namespace {

struct Stalled {
    int fd = -1;
    std::string answer;  // what came back at once ("" while the request is held)
};

// A request whose body never comes: headers, a Content-Length, 10 bytes.
Stalled stall(const Site& site, const std::string& client, const std::string& method, const std::string& path,
              const std::string& cookie, int content_length) {
    Stalled out;
    out.fd = connect_to(site.port());
    send_all(out.fd, method + " " + path + " HTTP/1.1\r\nHost: guichet\r\nOrigin: " + site.url() +
                         "\r\nX-Forwarded-For: " + client + "\r\nContent-Type: application/json\r\n" +
                         (cookie.empty() ? "" : "Cookie: guichet_session=" + cookie + "\r\n") +
                         "Content-Length: " + std::to_string(content_length) + "\r\n\r\n{\"email\":");
    return out;
}

// Opens stalled requests for one client and tells how many were held (no
// answer within a second) and how many refused at once with 503 busy.
struct Attack {
    std::vector<Stalled> requests;
    int held = 0, busy = 0, other = 0;
    ~Attack() {
        for (Stalled& s : requests) close(s.fd);
    }
};

void attack(Attack& out, const Site& site, const std::string& client, int count, const std::string& method,
            const std::string& path, const std::string& cookie = "", int content_length = 500) {
    size_t first = out.requests.size();
    for (int i = 0; i < count; ++i) out.requests.push_back(stall(site, client, method, path, cookie, content_length));
    // One deadline for all: a refusal comes at once, a held request never.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    for (size_t i = first; i < out.requests.size(); ++i) {
        Stalled& s = out.requests[i];
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        char buffer[2048];
        if (closed_or_answered(s.fd, static_cast<int>(std::max<int64_t>(0, left.count())))) {
            ssize_t got = recv(s.fd, buffer, sizeof buffer, 0);
            if (got > 0) s.answer.assign(buffer, static_cast<size_t>(got));
        }
        long status = raw_status(s.answer);
        if (status == 0) {
            ++out.held;
        } else if (status == 503 && s.answer.find("\"busy\"") != std::string::npos) {
            ++out.busy;
        } else {
            ++out.other;
            MESSAGE("unexpected answer: ", s.answer.substr(0, s.answer.find('\n')));
        }
    }
}

HttpResponse as_client(HttpClient& client, const std::string& address, const std::string& method,
                       const std::string& path, const std::string& body = "") {
    return client.request(method, path, body, {"X-Forwarded-For: " + address, "Content-Type: application/json"});
}

}  // namespace

TEST_CASE("one_client_with_stalled_bodies_holds_only_its_share_of_the_login_pool") {
    Site site({"GUICHET_LOGIN_RATE=600000r/m", "GUICHET_ACCOUNTS_QUEUE=16", "GUICHET_CLIENT_ACCOUNTS_CONNS=4",
               "GUICHET_JSON_BODY_TIMEOUT=20s"});
    HttpClient owner(site.url());
    REQUIRE(as_client(owner, "10.1.0.1", "POST", "/api/accounts",
                      R"({"email":"owner@example.org","password":"une longue phrase","name":"O","lang":"fr"})")
                .status == 202);
    REQUIRE(verify_from_mail(site, "owner@example.org").status == 200);
    Attack attacker;
    // 10 at once: within the login rate's burst, so only the connection caps answer.
    attack(attacker, site, "10.66.0.1", 10, "POST", "/api/session");
    CHECK(attacker.held == 4);   // its share: 4 of the pool's 16
    CHECK(attacker.busy == 6);   // the rest refused at once, in the contract's shape
    CHECK(attacker.other == 0);
    // Everyone else logs in while the attacker's requests are held.
    for (int i = 0; i < 5; ++i) {
        CAPTURE(i);
        HttpResponse login = as_client(owner, "10.1.0." + std::to_string(i + 1), "POST", "/api/session",
                                       R"({"email":"owner@example.org","password":"une longue phrase"})");
        CHECK(login.status == 200);
    }
}

TEST_CASE("one_client_with_stalled_claims_holds_only_its_share_and_others_claim") {
    Site site({"GUICHET_CLAIM_QUEUE=32", "GUICHET_CLIENT_CLAIM_CONNS=4", "GUICHET_JSON_BODY_TIMEOUT=20s"});
    site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"});
    std::vector<Candidate> candidates = seed_candidates(site, 3);
    Attack attacker;
    attack(attacker, site, "10.66.0.2", 10, "POST", "/api/claim", candidates[0].cookie);
    CHECK(attacker.held == 4);
    CHECK(attacker.busy == 6);
    for (size_t i = 1; i < candidates.size(); ++i) {
        HttpClient client(site.url());
        log_in(client, candidates[i]);
        CHECK(as_client(client, "10.2.0." + std::to_string(i), "POST", "/api/claim").status == 201);
    }
}

TEST_CASE("ipv6_clients_are_counted_by_their_64_prefix") {
    Site site({"GUICHET_LOGIN_RATE=600000r/m", "GUICHET_CLIENT_ACCOUNTS_CONNS=2", "GUICHET_JSON_BODY_TIMEOUT=20s"});
    Attack same_prefix;
    attack(same_prefix, site, "2001:db8:1:2::a", 2, "POST", "/api/session");
    attack(same_prefix, site, "2001:db8:1:2:ffff:ffff:ffff:ffff", 2, "POST", "/api/session");
    CHECK(same_prefix.held == 2);  // four addresses' requests, one /64: one share
    CHECK(same_prefix.busy == 2);
    Attack next_prefix;
    attack(next_prefix, site, "2001:db8:1:3::a", 2, "POST", "/api/session");
    CHECK(next_prefix.held == 2);  // another /64 is another client
    Attack ipv4;
    attack(ipv4, site, "10.3.0.1", 2, "POST", "/api/session");
    CHECK(ipv4.held == 2);
}

TEST_CASE("uploads_past_a_clients_share_are_busy_not_413_whatever_their_size") {
    // A refused upload's body is discarded after the redirect to the error
    // document: it must still be answered 503 busy, not 413.
    Site site({"GUICHET_CLIENT_UPLOAD_CONNS=2", "GUICHET_UPLOAD_MAX=1m"});
    std::vector<Candidate> candidates = seed_candidates(site, 1);
    Attack uploads;
    attack(uploads, site, "10.4.0.1", 4, "PUT", "/api/documents/passport", candidates[0].cookie, 500000);
    CHECK(uploads.held == 2);
    CHECK(uploads.busy == 2);
    CHECK(uploads.other == 0);
}

TEST_CASE("a_claim_body_over_1k_is_refused_with_the_contract_413") {
    Site site;
    HttpClient client(site.url());
    HttpResponse response = client.post("/api/claim", "{\"x\":\"" + std::string(2000, 'a') + "\"}");
    CHECK(response.status == 413);
    CHECK(is_error(response.body, "too_large"));
}
