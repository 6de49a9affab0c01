// Hostile input over real HTTP against every endpoint (nginx + the real
// handler pools): oversized headers, URIs and bodies; malformed, deep,
// duplicate-key, huge-number, NUL and invalid UTF-8 JSON; SQL-looking and
// markup text (escaped wherever it is shown); path traversal; wrong methods;
// missing and forged cookies; cross-site requests; slow and stalled clients.
// Each gets the contract's 4xx; afterwards the database passes
// integrity_check and no handler worker has restarted.
#include <doctest/doctest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/admin_helpers.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/raw_socket.h"
#include "tests/integration/mailbox.h"
#include "tests/integration/site.h"
#include "tests/integration/portable_sql.h"
#include "tests/fixtures/document_bytes.h"

using namespace guichet::test;
using guichet::Json;

namespace {

const char* const kPools[] = {"window", "accounts", "dossier", "upload", "claim", "admin"};

// Rates high enough that the throttles never answer instead of the handlers.
std::vector<std::string> hostile_env(std::vector<std::string> more = {}) {
    more.push_back("GUICHET_LOGIN_RATE=6000r/m");
    more.push_back("GUICHET_ACCOUNT_RATE=6000r/m");
    more.push_back("GUICHET_UPLOAD_MAX=64k");
    return more;
}

// Worker pids of every pool, to prove afterwards that none restarted.
std::map<std::string, std::vector<int>> all_workers(const Site& site) {
    std::map<std::string, std::vector<int>> out;
    for (const char* pool : kPools) out[pool] = site.workers(pool);
    return out;
}

void check_intact(const Site& site, const std::map<std::string, std::vector<int>>& before) {
    CHECK(integrity_check(site) == "ok");
    for (const auto& [pool, pids] : before) {
        INFO("pool ", pool);
        CHECK(!pids.empty());
        CHECK(site.workers(pool) == pids);
    }
}

// A 4xx in the contract's shape: {"error": code, "message": ...}.
void check_contract_4xx(const HttpResponse& response, const std::string& what) {
    INFO(what, " -> ", response.status, " ", response.body.substr(0, 200));
    CHECK(response.status >= 400);
    CHECK(response.status < 500);
    Json body = parse_json(response.body);
    CHECK((body && !json_text(body, "error").empty() && !json_text(body, "message").empty()));
}

// One raw HTTP/1.1 exchange (no client-side normalisation of the path):
// sends bytes, reads until the server closes or 10 s pass.
std::string raw_exchange(int port, const std::string& bytes) {
    int fd = connect_to(port);
    send_all(fd, bytes);
    std::string out;
    char buffer[4096];
    pollfd wait{fd, POLLIN, 0};
    while (poll(&wait, 1, 10000) > 0) {
        ssize_t got = recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        out.append(buffer, static_cast<size_t>(got));
    }
    close(fd);
    return out;
}

struct Logins {
    HttpClient candidate;
    HttpClient admin;
    Logins(const Site& site) : candidate(site.url()), admin(site.url()) {
        std::vector<Candidate> seeded = seed_candidates(site, 1);
        log_in(candidate, seeded.at(0));
        std::string secret = add_admin(site, "ops");
        REQUIRE(admin_login(admin, "ops", secret).status == 200);
    }
};

const std::vector<std::string> kHostileBodies = {
    "",
    "null",
    "[]",
    "{",
    "{\"a\":",
    std::string("{\"email\":\"a\0b@example.org\",\"password\":\"x\"}", 40),
    "{\"name\":\"\xff\xfe\xfd\",\"email\":\"\xc3\x28@x.org\"}",
    "{\"email\":\"x@example.org\",\"email\":\"y@example.org\",\"password\":\"une longue phrase\"}",
    "{\"places_total\":1e999,\"opens_at\":99999999999999999999999999}",
    "{\"places_total\":-1,\"years_experience\":-9223372036854775808}",
    "{\"fields\":{\"family_name\":\"'; DROP TABLE accounts; --\",\"years_experience\":1e308}}",
    "{\"fields\":{\"family_name\":{\"$gt\":\"\"}},\"fields\":{}}",
    "{\"level\":\"info\",\"fr\":\"\\u0000\",\"en\":\"\\ud800\"}",
    std::string(5000, '[') + std::string(5000, ']'),
    "{\"a\":" + std::string(3000, '{') + std::string(3000, '}') + "}",
    "\xef\xbb\xbf{}",
};

}  // namespace

TEST_CASE("hostile_oversized_headers_uris_and_bodies_get_contract_4xx") {
    Site site(hostile_env());
    auto before = all_workers(site);
    HttpClient client(site.url());
    std::string cookie = "Cookie: guichet_session=" + std::string(20000, 'A');
    for (const char* path : {"/api/me", "/api/dossier", "/api/claim", "/api/window", "/api/documents/passport",
                             "/api/admin/stats", "/"}) {
        check_contract_4xx(client.request("GET", path, "", {cookie}), std::string("20 KB cookie on ") + path);
    }
    HttpResponse long_uri = client.get("/api/window?" + std::string(9000, 'a'));
    CHECK(long_uri.status == 414);
    check_contract_4xx(long_uri, "9 KB URI");
    std::string big(20000, ' ');
    for (auto [method, path] : std::vector<std::pair<const char*, const char*>>{
             {"POST", "/api/accounts"}, {"POST", "/api/session"}, {"PUT", "/api/dossier"},
             {"POST", "/api/claim"}, {"PUT", "/api/admin/banner"}, {"PUT", "/api/admin/window"}}) {
        HttpResponse response = client.request(method, path, big);
        CHECK(response.status == 413);
        check_contract_4xx(response, std::string("20 KB body on ") + path);
    }
    HttpResponse upload = client.put("/api/documents/passport", "%PDF-" + std::string(100 * 1024, 'x'));
    CHECK(upload.status == 413);
    check_contract_4xx(upload, "upload past the limit");
    check_intact(site, before);
}

TEST_CASE("hostile_json_bodies_get_a_contract_4xx_on_every_json_endpoint") {
    Site site(hostile_env());
    Logins logins(site);
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    auto before = all_workers(site);
    HttpClient anonymous(site.url());
    struct Target {
        HttpClient* client;
        const char* method;
        const char* path;
    };
    std::vector<Target> targets = {
        {&anonymous, "POST", "/api/accounts"},        {&anonymous, "POST", "/api/session"},
        {&logins.candidate, "PUT", "/api/dossier"},   {&logins.admin, "PUT", "/api/admin/banner"},
        {&logins.admin, "PUT", "/api/admin/window"},  {&logins.admin, "POST", "/api/admin/banner/preview"},
        {&anonymous, "POST", "/api/admin/session"},
    };
    for (const Target& target : targets) {
        for (const std::string& body : kHostileBodies) {
            check_contract_4xx(target.client->request(target.method, target.path, body),
                               std::string(target.method) + " " + target.path + " with " + body.substr(0, 60));
        }
    }
    // The claim has no body: whatever is sent, the answer is a claim answer, never a 5xx.
    for (const std::string& body : kHostileBodies) {
        HttpResponse claim = logins.candidate.post("/api/claim", body);
        INFO("claim with ", body.substr(0, 60), " -> ", claim.status, " ", claim.body.substr(0, 200));
        CHECK((claim.status < 500 || (claim.status == 503 && is_error(claim.body, "unavailable"))));
    }
    CHECK(site.sql("SELECT COUNT(*) FROM accounts") == "1");
    check_intact(site, before);
}

TEST_CASE("hostile_markup_and_formulas_are_escaped_in_api_answers_banner_and_exports") {
    Site site(hostile_env());
    Logins logins(site);
    auto before = all_workers(site);
    const std::string markup = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    const std::string formula = "=HYPERLINK(\"http://evil/\",\"clic\")";

    // A candidate's name: stored as sent, answered as a JSON string (never as markup).
    HttpClient hostile(site.url());
    std::string name_json = "\"" + markup + "\\\"" + "'; DROP TABLE accounts; --" + "\"";
    REQUIRE(hostile.post("/api/accounts", "{\"email\":\"evil@example.org\",\"password\":\"une longue phrase\",\"name\":" +
                                              name_json + ",\"lang\":\"en\"}").status == 202);
    // The name reaches the message escaped in its HTML part, and its link still works.
    std::vector<MailFile> mails = wait_for_mail(site.data() + "/mail", "evil@example.org", "verify_email");
    REQUIRE(mails.size() == 1);
    size_t html_part = mails[0].raw.find("Content-Type: text/html");
    REQUIRE(html_part != std::string::npos);
    CHECK(mails[0].raw.find("<script>", html_part) == std::string::npos);
    CHECK(mails[0].raw.find("<img src", html_part) == std::string::npos);
    CHECK(mails[0].raw.find("&lt;script&gt;", html_part) != std::string::npos);
    REQUIRE(verify_from_mail(site, "evil@example.org").status == 200);
    REQUIRE(hostile.post("/api/session", "{\"email\":\"evil@example.org\",\"password\":\"une longue phrase\"}").status ==
            200);
    HttpResponse me = hostile.get("/api/me");
    CHECK(me.header("content-type").find("application/json") == 0);
    CHECK(json_text(parse_json(me.body), "name") == markup + "\"'; DROP TABLE accounts; --");
    CHECK(me.header("x-content-type-options") == "nosniff");  // never sniffed into HTML
    CHECK(site.sql("SELECT COUNT(*) FROM accounts") == "2");

    // Dossier text fields: kept verbatim, answered as JSON strings.
    REQUIRE(hostile.put("/api/dossier", "{\"fields\":{\"occupation\":\"" + markup + "\"}}").status == 200);
    HttpResponse dossier = hostile.get("/api/dossier");
    Json fields(json_incref(json_object_get(parse_json(dossier.body).get(), "fields")));
    CHECK(std::string(json_string_value(json_object_get(fields.get(), "occupation"))) == markup);

    // The banner: the HTML fragment nginx includes into every page escapes it; the JSON keeps it.
    HttpResponse banner = logins.admin.put("/api/admin/banner", "{\"level\":\"info\",\"fr\":\"" + markup +
                                                                    "\",\"en\":\"" + formula.substr(0, 10) + "\"}");
    REQUIRE(banner.status == 200);
    HttpClient reader(site.url());
    std::string html = reader.get("/status/banner.html").body;
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(reader.get("/").body.find("<script>alert") == std::string::npos);  // the page that includes it
    CHECK(json_text(parse_json(reader.get("/status/banner.json").body), "fr") == markup);

    // The exports: a claimed candidate whose name is a formula and markup.
    REQUIRE(site.sql("UPDATE accounts SET name = '" + formula + markup + "' WHERE email NOT LIKE 'evil@%'") == "");
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    REQUIRE(logins.candidate.post("/api/claim", "").status == 201);
    HttpResponse csv = logins.admin.get("/api/admin/claims.csv");
    REQUIRE(csv.status == 200);
    std::string quoted = formula + markup;
    std::string doubled;
    for (char c : quoted) doubled += c == '"' ? std::string("\"\"") : std::string(1, c);
    CHECK(csv.body.find(",\"'" + doubled + "\",") != std::string::npos);  // quoted, quotes doubled, apostrophe first
    CHECK(csv.body.find(",\"=") == std::string::npos);
    HttpResponse exported = logins.admin.get("/api/admin/claims.json");
    REQUIRE(exported.status == 200);
    CHECK(exported.body.find(quoted) == std::string::npos);  // quotes and slashes JSON-escaped
    CHECK(exported.body.find("HYPERLINK(\\\"http:") != std::string::npos);
    check_intact(site, before);
}

TEST_CASE("hostile_path_traversal_never_reaches_a_file_outside_the_site") {
    Site site(hostile_env());
    Logins logins(site);
    auto before = all_workers(site);
    std::string cookie = logins.candidate.cookie("guichet_session");
    for (const char* path :
         {"/api/documents/..%2f..%2fguichet.db", "/api/documents/../../guichet.db", "/api/documents/%2e%2e/keys",
          "/api/documents/passport/../../../keys/receipt.key", "/api/documents/..%5c..%5ckeys",
          "/status/../guichet.db", "/status/..%2fguichet.db", "/status/..%2fkeys/receipt.key", "/keys/receipt.key",
          "/keys/session.key", "/keys/", "/internal/documents/", "/internal/documents/../guichet.db",
          "/api/../guichet.db", "/api/..%2fguichet.db", "/guichet.db", "/guichet.env", "/nginx.conf",
          "/logs/access.log", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/program.json/../keys/receipt.key",
          "/api/dossier/..", "/api/claim%00", "/api/documents/passport%00.pdf", "/admin/../keys/receipt.key"}) {
        std::string answer = raw_exchange(site.port(), std::string("GET ") + path + " HTTP/1.1\r\nHost: guichet\r\n"
                                                           "Cookie: guichet_session=" + cookie +
                                                           "\r\nConnection: close\r\n\r\n");
        INFO(path, " -> ", answer.substr(0, 300));
        long status = raw_status(answer);
        CHECK(status >= 400);
        CHECK(status < 500);
        CHECK(answer.find("SQLite format") == std::string::npos);
        CHECK(answer.find("PRIVATE KEY") == std::string::npos);
        CHECK(answer.find("root:") == std::string::npos);
        CHECK(answer.find("GUICHET_") == std::string::npos);
        CHECK(answer.find("\"error\"") != std::string::npos);
    }
    check_intact(site, before);
}

TEST_CASE("hostile_wrong_methods_get_a_contract_4xx_on_every_endpoint") {
    Site site(hostile_env());
    Logins logins(site);
    auto before = all_workers(site);
    std::vector<std::pair<const char*, const char*>> wrong = {
        {"PUT", "/api/accounts"},  {"GET", "/api/accounts"},    {"PUT", "/api/session"},  {"POST", "/api/me"},
        {"DELETE", "/api/me"},     {"POST", "/api/dossier"},    {"DELETE", "/api/dossier"}, {"PATCH", "/api/dossier"},
        {"POST", "/api/documents/passport"}, {"PATCH", "/api/documents/passport"}, {"PUT", "/api/claim"},
        {"DELETE", "/api/claim"},  {"POST", "/api/window"},     {"DELETE", "/api/window"}, {"PATCH", "/api/admin/banner"},
        {"DELETE", "/api/admin/window"}, {"GET", "/api/admin/window/pause"}, {"POST", "/api/admin/stats"},
        {"PUT", "/api/admin/claims.csv"}, {"OPTIONS", "/api/claim"}, {"PROPFIND", "/api/dossier"}};
    for (auto [method, path] : wrong) {
        HttpClient& client = std::string(path).rfind("/api/admin/", 0) == 0 ? logins.admin : logins.candidate;
        check_contract_4xx(client.request(method, path, "{}"), std::string(method) + " " + path);
    }
    check_intact(site, before);
}

TEST_CASE("hostile_missing_forged_expired_and_revoked_sessions_get_401") {
    Site site(hostile_env());
    Logins logins(site);
    auto before = all_workers(site);
    std::vector<std::pair<const char*, const char*>> guarded = {
        {"GET", "/api/me"},       {"GET", "/api/dossier"}, {"PUT", "/api/dossier"}, {"GET", "/api/claim"},
        {"POST", "/api/claim"},   {"GET", "/api/documents/passport"}, {"DELETE", "/api/documents/passport"}};
    auto check_all = [&](HttpClient& client, const std::string& what) {
        for (auto [method, path] : guarded) {
            HttpResponse response = client.request(method, path, method == std::string("PUT") ? "{\"fields\":{}}" : "");
            INFO(what, ": ", method, " ", path);
            CHECK(response.status == 401);
            check_contract_4xx(response, what);
        }
    };
    HttpClient nobody(site.url());
    check_all(nobody, "no cookie");
    HttpClient forged(site.url());
    for (const char* token : {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Zm9yZ2VkLXRva2VuLWZvcmdlZC10b2tlbi1mb3JnZWQ",
                              "' OR 1=1 --", "%00", "..%2f..%2fkeys"}) {
        forged.set_cookie("guichet_session", token);
        check_all(forged, std::string("forged ") + token);
    }
    // An expired session row, then a revoked one (logged out), with their real cookies.
    std::string cookie = logins.candidate.cookie("guichet_session");
    REQUIRE(site.sql("UPDATE sessions SET expires_at = 1000") == "");
    check_all(logins.candidate, "expired session");
    REQUIRE(site.sql("UPDATE sessions SET expires_at = 9999999999999") == "");
    REQUIRE(logins.candidate.get("/api/me").status == 200);
    REQUIRE(logins.candidate.del("/api/session").status == 204);
    HttpClient replay(site.url());
    replay.set_cookie("guichet_session", cookie);
    check_all(replay, "revoked session");
    // The admin API with a candidate's cookie, a forged admin cookie, or none.
    HttpClient admin_forged(site.url());
    admin_forged.set_cookie("guichet_admin", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    for (const char* path : {"/api/admin/stats", "/api/admin/claims.csv", "/api/admin/audit", "/api/admin/session"}) {
        CHECK(admin_forged.get(path).status == 401);
        CHECK(nobody.get(path).status == 401);
    }
    check_intact(site, before);
}

TEST_CASE("hostile_cross_site_requests_are_refused_on_every_state_changing_endpoint") {
    Site site(hostile_env());
    Logins logins(site);
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    std::string documents_before = join(site.column("SELECT sha256 FROM documents ORDER BY sha256"), ",");
    auto before = all_workers(site);
    struct Target {
        HttpClient* client;
        const char* method;
        const char* path;
        std::string body;
    };
    std::vector<Target> targets = {
        {&logins.candidate, "POST", "/api/accounts",
         "{\"email\":\"csrf@example.org\",\"password\":\"une longue phrase\",\"name\":\"C\",\"lang\":\"fr\"}"},
        {&logins.candidate, "POST", "/api/session", "{\"email\":\"x@example.org\",\"password\":\"une longue phrase\"}"},
        {&logins.candidate, "DELETE", "/api/session", ""},
        {&logins.candidate, "PUT", "/api/dossier", "{\"fields\":{\"occupation\":\"csrf\"}}"},
        {&logins.candidate, "PUT", "/api/documents/passport", "%PDF-1.4 csrf"},
        {&logins.candidate, "DELETE", "/api/documents/passport", ""},
        {&logins.candidate, "POST", "/api/claim", ""},
        {&logins.admin, "PUT", "/api/admin/banner", "{\"level\":\"outage\",\"fr\":\"csrf\",\"en\":\"csrf\"}"},
        {&logins.admin, "PUT", "/api/admin/window", "{\"places_total\":1}"},
        {&logins.admin, "POST", "/api/admin/window/pause", "{}"},
        {&logins.admin, "POST", "/api/admin/window/close", "{}"},
        {&logins.admin, "DELETE", "/api/admin/session", ""},
    };
    for (const Target& target : targets) {
        for (std::vector<std::string> headers :
             {std::vector<std::string>{"Origin: http://evil.example"},
              std::vector<std::string>{"Origin: null"},
              std::vector<std::string>{"Origin:", "Sec-Fetch-Site: cross-site"}}) {
            HttpResponse response = target.client->request(target.method, target.path, target.body, headers);
            INFO(target.method, " ", target.path, " with ", headers.front());
            CHECK(response.status == 403);
            check_contract_4xx(response, "cross-site");
        }
    }
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "0");
    CHECK(site.sql("SELECT COUNT(*) FROM accounts WHERE email = 'csrf@example.org'") == "0");
    CHECK(join(site.column("SELECT sha256 FROM documents ORDER BY sha256"), ",") == documents_before);
    CHECK(HttpClient(site.url()).get("/status/banner.json").body.find("csrf") == std::string::npos);
    CHECK(site.sql("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL") == "0");
    CHECK(site.sql("SELECT paused FROM intake_window") == "0");
    CHECK(logins.candidate.get("/api/me").status == 200);  // still logged in
    CHECK(logins.admin.get("/api/admin/session").status == 200);
    check_intact(site, before);
}

TEST_CASE("hostile_slow_header_client_is_cut_off_by_nginx") {
    Site site(hostile_env({"GUICHET_CLIENT_HEADER_TIMEOUT=2s"}));
    auto before = all_workers(site);
    int fd = connect_to(site.port());
    // An endless header, one byte every 200 ms: nginx closes it once its header timeout is spent.
    std::string header = "GET /api/window HTTP/1.1\r\nHost: guichet\r\nX-Slow: " + std::string(200, 'a');
    bool cut = false;
    for (char byte : header) {
        if (send(fd, &byte, 1, MSG_NOSIGNAL) != 1 || closed_or_answered(fd, 200)) {
            cut = true;
            break;
        }
    }
    close(fd);
    CHECK(cut);  // 200 bytes at 200 ms each would take 40 s
    HttpClient client(site.url());
    CHECK(client.get("/api/window").status == 200);
    check_intact(site, before);
}

TEST_CASE("hostile_stalled_bodies_hold_no_handler_worker") {
    Site site(hostile_env({"GUICHET_WORKERS_CLAIM=1", "GUICHET_WORKERS_UPLOAD=1", "GUICHET_WORKERS_DOSSIER=1",
                           "GUICHET_CLIENT_BODY_TIMEOUT=6s"}));
    Logins logins(site);
    auto before = all_workers(site);
    REQUIRE(before["claim"].size() == 1);
    std::string cookie = logins.candidate.cookie("guichet_session");
    std::string origin = "Origin: " + site.url() + "\r\n";
    std::vector<int> stalled;
    for (auto [method, path] : std::vector<std::pair<const char*, const char*>>{
             {"POST", "/api/claim"}, {"PUT", "/api/documents/passport"}, {"PUT", "/api/dossier"}}) {
        int fd = connect_to(site.port());
        std::string head = std::string(method) + " " + path + " HTTP/1.1\r\nHost: guichet\r\n" + origin +
                           "Cookie: guichet_session=" + cookie + "\r\nContent-Type: application/json\r\n"
                           "Content-Length: " + (std::string(path) == "/api/claim" ? "500" : "5000") +
                           "\r\n\r\n{\"fields\":";  // within each route's body limit, so it stalls
        send_all(fd, head);
        stalled.push_back(fd);
    }
    // Each pool has one worker: every one of them still answers another client at once.
    HttpClient other(site.url());
    log_in(other, seed_candidates(site, 1).at(0));
    CHECK(other.get("/api/claim").status == 404);
    CHECK(other.get("/api/dossier").status == 200);
    CHECK(other.put("/api/dossier", "{\"fields\":{\"occupation\":\"nurse\"}}").status == 200);
    CHECK(other.put("/api/documents/passport", guichet::test::fixture_document("valid.pdf")).status == 201);
    // ... while the stalled ones are still open, then nginx closes them (408).
    for (int fd : stalled) {
        bool closed = false;
        for (int i = 0; i < 40 && !closed; ++i) closed = closed_or_answered(fd, 500);
        CHECK(closed);
        close(fd);
    }
    check_intact(site, before);
}
