// The console's actions over real HTTP: banner, window, exports, audit.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "tests/integration/admin_helpers.h"
#include "tests/integration/json_util.h"
#include "tests/integration/portable_sql.h"

using namespace guichet;
using namespace guichet::test;

namespace {

std::string window_state(HttpClient& client, const std::string& wanted) {
    // nginx micro-caches /api/window for a second or two.
    std::string state;
    for (int i = 0; i < 80 && state != wanted; ++i) {
        state = json_text(parse_json(client.get("/api/window").body), "state");
        if (state != wanted) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return state;
}

// Inserts a candidate with a claim, straight into the database.
void insert_claim(const Site& site, int rank, const std::string& name, const std::string& email,
                  const std::string& outcome) {
    std::string quoted_name = name;
    for (size_t at = 0; (at = quoted_name.find('\'', at)) != std::string::npos; at += 2) quoted_name.insert(at, "'");
    std::string id = std::to_string(rank);
    REQUIRE(site.sql("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES (" + id + ", '" +
                     email + "', '" + quoted_name + "', 'fr', 'x', 0)")
                .empty());
    REQUIRE(site.sql("INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt) "
                     "VALUES (" +
                     id + ", 'c" + id + "', " + id + ", 1781000000" + id + "00, '" + outcome + "', 'd" + id +
                     "', '{}')")
                .empty());
}

}  // namespace

TEST_CASE("admin_banner_put_is_seen_by_the_next_static_request") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse put = client.put("/api/admin/banner",
                                  "{\"level\":\"warning\",\"fr\":\"Lenteurs <i>constatées</i>\",\"en\":\"Slowness seen\"}");
    CHECK(put.status == 200);
    HttpClient visitor(site.url());
    CHECK(visitor.get("/").body.find("Lenteurs &lt;i&gt;constatées&lt;/i&gt;") != std::string::npos);
    Json banner = parse_json(visitor.get("/status/banner.json").body);
    CHECK(json_text(banner, "level") == "warning");
    CHECK(json_text(banner, "en") == "Slowness seen");
}

TEST_CASE("admin_banner_preview_publishes_nothing") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse preview =
        client.post("/api/admin/banner/preview", "{\"level\":\"outage\",\"fr\":\"Essai\",\"en\":\"Trial\"}");
    CHECK(preview.status == 200);
    CHECK(json_text(parse_json(preview.body), "html").find("banner-outage") != std::string::npos);
    CHECK(json_text(parse_json(client.get("/status/banner.json").body), "level") == "none");
}

TEST_CASE("admin_banner_templates_are_offered_and_unfilled_ones_refused") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse templates = client.get("/api/admin/banner/templates");
    CHECK(templates.status == 200);
    for (const char* id : {"technical_failure", "planned_maintenance", "window_paused", "all_places_taken"}) {
        CHECK(templates.body.find(id) != std::string::npos);
    }
    HttpResponse unfilled = client.put(
        "/api/admin/banner", "{\"level\":\"outage\",\"fr\":\"Prochaine mise à jour : {next_update}.\",\"en\":\"x\"}");
    CHECK(unfilled.status == 422);
    CHECK(unfilled.body.find("unfilled_placeholder") != std::string::npos);
    CHECK(client.put("/api/admin/banner", "{\"level\":\"purple\",\"fr\":\"a\",\"en\":\"b\"}").status == 422);
    CHECK(client.put("/api/admin/banner", "{\"level\":\"info\",\"fr\":\"a\\u0000b\",\"en\":\"b\"}").status == 400);
}

TEST_CASE("banner_swap_is_atomic_under_concurrent_reads") {
    Site site;
    const std::string a_fr(900, 'A'), a_en(900, 'a'), b_fr(900, 'B'), b_en(900, 'b');
    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, bad{0}, seen_a{0}, seen_b{0};
    auto reader = [&] {
        HttpClient client(site.url());
        while (!done) {
            HttpResponse html = client.get("/status/banner.html");
            bool html_a = html.body.find(a_fr) != std::string::npos && html.body.find(a_en) != std::string::npos;
            bool html_b = html.body.find(b_fr) != std::string::npos && html.body.find(b_en) != std::string::npos;
            bool html_none = html.body == "<!-- no banner -->\n";
            bool html_whole = html.body.size() > 20 && html.body.compare(html.body.size() - 7, 7, "</div>\n") == 0;
            if (html.status != 200 || !(html_none || ((html_a != html_b) && html_whole))) ++bad;
            Json json = parse_json(client.get("/status/banner.json").body);
            std::string fr = json_text(json, "fr"), en = json_text(json, "en");
            bool json_ok = json && ((fr == a_fr && en == a_en) || (fr == b_fr && en == b_en) || (fr.empty() && en.empty()));
            if (!json_ok) ++bad;
            if (fr == a_fr) ++seen_a;
            if (fr == b_fr) ++seen_b;
            ++reads;
        }
    };
    std::vector<std::thread> readers;
    for (int i = 0; i < 3; ++i) readers.emplace_back(reader);
    for (int i = 0; i < 30; ++i) {
        bool a = i % 2 == 0;
        site.admin({"banner", "set", "--level", "info", "--fr", a ? a_fr : b_fr, "--en", a ? a_en : b_en});
    }
    done = true;
    for (auto& t : readers) t.join();
    CHECK(reads > 30);
    CHECK(bad == 0);
    CHECK(seen_a > 0);
    CHECK(seen_b > 0);
}

TEST_CASE("admin_pause_makes_the_window_paused_and_shows_an_outage_banner") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"}) == 0);
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse pause = client.post("/api/admin/window/pause", "");
    CHECK(pause.status == 200);
    CHECK(json_text(parse_json(pause.body), "state") == "paused");
    CHECK(window_state(client, "paused") == "paused");
    CHECK(client.get("/").body.find("banner-outage") != std::string::npos);
    CHECK(client.post("/api/admin/window/resume", "{\"banner\":false}").status == 200);
    CHECK(window_state(client, "open") == "open");
}

TEST_CASE("admin_pause_without_banner_leaves_the_banner_alone") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"}) == 0);
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    CHECK(client.post("/api/admin/window/pause", "{\"banner\":false}").status == 200);
    CHECK(json_text(parse_json(client.get("/status/banner.json").body), "level") == "none");
    CHECK(site.sql("SELECT paused FROM intake_window") == "1");
}

TEST_CASE("admin_window_schedule_is_set_and_locked_after_opening") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse set = client.put("/api/admin/window", "{\"opens_at\":\"2020-01-01T00:00:00Z\",\"closes_at\":"
                                                       "\"2099-01-01T00:00:00Z\",\"places_total\":100,\"policy\":\"fcfs\"}");
    CHECK(set.status == 200);
    CHECK(json_text(parse_json(set.body), "state") == "open");
    HttpResponse move = client.put("/api/admin/window", "{\"opens_at\":\"2021-01-01T00:00:00Z\",\"closes_at\":"
                                                        "\"2099-01-01T00:00:00Z\",\"places_total\":100,\"policy\":\"fcfs\"}");
    CHECK(move.status == 409);
    CHECK(is_error(move.body, "window_locked"));
    HttpResponse bad = client.put("/api/admin/window", "{\"opens_at\":\"tomorrow\",\"closes_at\":\"x\","
                                                       "\"places_total\":-1,\"policy\":\"fcfs\"}");
    CHECK(bad.status == 422);
    CHECK(site.sql("SELECT places_total FROM intake_window") == "100");
}

TEST_CASE("admin_claims_csv_export_defuses_hostile_names") {
    Site site;
    insert_claim(site, 1, "=cmd|' /C calc'!A0", "a@example.org", "granted");
    insert_claim(site, 2, "Jo \"Quote\", O'Brien", "b@example.org", "granted");
    insert_claim(site, 3, "Line\nBreak", "c@example.org", "waitlisted");
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse csv = client.get("/api/admin/claims.csv");
    CHECK(csv.status == 200);
    CHECK(csv.header("content-type") == "text/csv; charset=utf-8");
    CHECK(csv.body.find("\"1\",\"1\",\"c1\",\"" + format_time(1781000000100) +
                        "\",\"granted\",\"'=cmd|' /C calc'!A0\",\"a@example.org\",\"d1\",\"\"\r\n") != std::string::npos);
    CHECK(csv.body.find("\"Jo \"\"Quote\"\", O'Brien\"") != std::string::npos);
    CHECK(csv.body.find("\"Line\nBreak\"") != std::string::npos);
    CHECK(csv.body.find(",=cmd") == std::string::npos);
    Json json = parse_json(client.get("/api/admin/claims.json").body);
    REQUIRE(json);
    CHECK(json_int(json, "count") == 3);
    json_t* first = json_array_get(json_object_get(json.get(), "claims"), 0);
    CHECK(std::string(json_string_value(json_object_get(first, "name"))) == "=cmd|' /C calc'!A0");
}

TEST_CASE("admin_actions_write_audit_rows") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"}) == 0);
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    REQUIRE(client.put("/api/admin/banner", "{\"level\":\"info\",\"fr\":\"Bonjour\",\"en\":\"Hello\"}").status == 200);
    REQUIRE(client.post("/api/admin/window/pause", "{\"banner\":false}").status == 200);
    REQUIRE(client.get("/api/admin/claims.csv").status == 200);
    REQUIRE(client.del("/api/admin/session").status == 204);
    for (const char* action : {"login", "banner_set", "window_pause", "export_claims_csv", "logout"}) {
        CAPTURE(action);
        CHECK(site.sql(std::string("SELECT count(*) FROM audit_log WHERE who = 'alice' AND from_addr = '127.0.0.1' "
                                   "AND action = '") + action + "'") == "1");
    }
    CHECK(site.sql("SELECT " + json_member(site, "after", "fr") + " FROM audit_log WHERE action = 'banner_set'") == "Bonjour");
    CHECK(site.sql("SELECT " + json_member(site, "before", "paused") + " || " + json_member(site, "after", "paused") +
                   " FROM audit_log "
                   "WHERE action = 'window_pause'") == "01");
    // The log refuses to be rewritten, even by someone with the database file.
    // (PostgreSQL's message names the statement first.)
    std::string refused = site.sql("DELETE FROM audit_log");
    CHECK(refused.rfind("error: ", 0) == 0);
    CHECK(refused.find("audit_log is append-only") != std::string::npos);
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'window_pause'") == "1");
}

TEST_CASE("admin_audit_view_lists_actions_newest_first") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    REQUIRE(client.put("/api/admin/banner", "{\"level\":\"none\"}").status == 200);
    Json audit = parse_json(client.get("/api/admin/audit?limit=2").body);
    REQUIRE(audit);
    json_t* entries = json_object_get(audit.get(), "entries");
    REQUIRE(json_array_size(entries) == 2);
    CHECK(std::string(json_string_value(json_object_get(json_array_get(entries, 0), "action"))) == "banner_set");
    CHECK(client.get("/api/admin/audit?limit=abc").status == 400);
    HttpResponse csv = client.get("/api/admin/audit.csv");
    CHECK(csv.status == 200);
    CHECK(csv.body.find("\"admin_add\"") != std::string::npos);
}

TEST_CASE("admin_stats_counts_claims_and_probes_pools") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "1"}) == 0);
    insert_claim(site, 1, "Ana", "a@example.org", "granted");
    insert_claim(site, 2, "Bo", "b@example.org", "waitlisted");
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    Json stats = parse_json(client.get("/api/admin/stats").body);
    REQUIRE(stats);
    CHECK(json_int(stats, "accounts") == 2);
    CHECK(json_int(stats, "claims") == 2);
    CHECK(json_int(stats, "granted") == 1);
    CHECK(json_int(stats, "waitlisted") == 1);
    CHECK(json_is_integer(json_object_get(json_object_get(stats.get(), "http"), "status_503")));
    json_t* pools = json_object_get(stats.get(), "pools");
    bool window_ok = false;
    for (size_t i = 0; i < json_array_size(pools); ++i) {
        json_t* pool = json_array_get(pools, i);
        if (std::string(json_string_value(json_object_get(pool, "name"))) == "window") {
            window_ok = std::string(json_string_value(json_object_get(pool, "state"))) == "ok";
        }
    }
    CHECK(window_ok);
}

TEST_CASE("admin_console_pages_are_served_from_loopback_without_inline_script") {
    Site site;
    HttpClient client(site.url());
    for (const char* path : {"/admin/", "/admin/console.html"}) {
        HttpResponse page = client.get(path);
        CHECK(page.status == 200);
        CHECK(page.header("content-security-policy").find("script-src 'self'") != std::string::npos);
        CHECK(page.body.find("<script>") == std::string::npos);
    }
    // The console's API client is the site's (/assets/api.js, wrapped by common.js).
    for (const char* path : {"/assets/api.js", "/admin/common.js", "/admin/login.js", "/admin/dashboard.js",
                             "/admin/banner.js", "/admin/window.js", "/admin/audit.js", "/admin/duplicates.js",
                             "/admin/admin.css"}) {
        CAPTURE(path);
        CHECK(client.get(path).status == 200);
    }
}
