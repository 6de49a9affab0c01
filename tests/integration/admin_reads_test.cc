// Admin reads never take the write lock: while another connection holds it
// (a claim batch, an operator's command; here the test's own BEGIN IMMEDIATE),
// the console's reads answer from a WAL snapshot, and what writes (a banner, an
// audited export) waits for the lock as before: the admin handler's busy
// timeout (5 s), then 503 unavailable with Retry-After.
#include <doctest/doctest.h>

#include "store/db.h"
#include "tests/integration/admin_helpers.h"
#include "tests/integration/json_util.h"

using namespace guichet;
using namespace guichet::test;

namespace {

const char* const kReads[] = {
    "/api/admin/session", "/api/admin/stats",  "/api/admin/window", "/api/admin/banner",
    "/api/admin/banner/templates", "/api/admin/audit", "/api/admin/review",
};

}  // namespace

TEST_CASE("admin_reads_answer_while_another_connection_holds_the_write_lock" * doctest::test_suite("slow")) {
    Site site;
    std::string secret = add_admin(site, "alice");
    REQUIRE(site.admin({"window", "set", "--opens-at", "+3600", "--closes-at", "+7200", "--places", "10"}) == 0);
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    Db holder(site.database());
    {
        Transaction held(holder, Transaction::write);
        for (const char* path : kReads) {
            CAPTURE(path);
            HttpResponse read = client.get(path);
            CHECK(read.status == 200);
        }
        Json stats = parse_json(client.get("/api/admin/stats").body);
        CHECK(json_int(stats, "places_total") == 10);
        // A write waits for the lock, then gives up in the contract's shape.
        HttpResponse put = client.put("/api/admin/banner", "{\"level\":\"info\",\"fr\":\"Bonjour\",\"en\":\"Hello\"}");
        CHECK(put.status == 503);
        CHECK(is_error(put.body, "unavailable"));
        CHECK(!put.header("retry-after").empty());
        // An export is audited: with no audit row to be had, no rows leave.
        HttpResponse csv = client.get("/api/admin/claims.csv");
        CHECK(csv.status == 503);
        CHECK(is_error(csv.body, "unavailable"));
    }
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'export_claims_csv'") == "0");
    CHECK(client.put("/api/admin/banner", "{\"level\":\"info\",\"fr\":\"Bonjour\",\"en\":\"Hello\"}").status == 200);
    CHECK(client.get("/api/admin/claims.csv").status == 200);
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'export_claims_csv'") == "1");
}

TEST_CASE("an_admin_read_whose_idle_touch_is_due_does_not_wait_for_the_write_lock") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    REQUIRE(site.sql("UPDATE admin_sessions SET last_seen_at = last_seen_at - 120000").empty());
    std::string seen = site.sql("SELECT last_seen_at FROM admin_sessions");
    Db holder(site.database());
    {
        Transaction held(holder, Transaction::write);
        // 4 s, below the handler's 5 s busy timeout: a touch that waited for
        // the lock (as it did before) would make this request time out.
        HttpResponse stats = client.request("GET", "/api/admin/stats", "", {}, 4000);
        CHECK(stats.status == 200);
        CHECK(site.sql("SELECT last_seen_at FROM admin_sessions") == seen);  // the touch was skipped
    }
    CHECK(client.get("/api/admin/stats").status == 200);
    CHECK(std::stoll(site.sql("SELECT last_seen_at FROM admin_sessions")) > std::stoll(seen));
}
