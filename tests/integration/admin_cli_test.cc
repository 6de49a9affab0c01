// guichet-admin on its own: what an operator with a shell can do when the web
// side is down, straight on the database and the banner files.
#include <doctest/doctest.h>

#include "tests/integration/admin_helpers.h"
#include "tests/integration/backend.h"
#include "tests/integration/candidates.h"
#include "tests/integration/json_util.h"
#include "tests/integration/portable_sql.h"

using namespace guichet;
using namespace guichet::test;

TEST_CASE("cli_admin_add_prints_an_otpauth_uri_and_list_shows_it") {
    Site site;
    std::string file = site.data() + "/pw";
    write_file_atomically(file, "twelve chars or more\n", 0600);
    std::string output;
    REQUIRE(site.admin({"admin", "add", "ops.chief", "--password-file", file}, &output) == 0);
    CHECK(output.find("otpauth://totp/Guichet:ops.chief?secret=") != std::string::npos);
    REQUIRE(site.admin({"admin", "list"}, &output) == 0);
    CHECK(output.find("ops.chief") != std::string::npos);
    CHECK(site.admin({"admin", "add", "ops.chief", "--password-file", file}) == 1);  // taken
    write_file_atomically(file, "short\n", 0600);
    CHECK(site.admin({"admin", "add", "other", "--password-file", file}) == 2);
    CHECK(site.admin({"admin", "add", "Bad Name", "--password-file", file}) == 2);
}

TEST_CASE("cli_admin_remove_ends_their_sessions") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    REQUIRE(site.admin({"admin", "remove", "alice"}) == 0);
    CHECK(client.get("/api/admin/stats").status == 401);
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'admin_remove' AND who LIKE 'cli:%'") == "1");
}

TEST_CASE("cli_window_and_banner_changes_write_audit_rows") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"}) == 0);
    REQUIRE(site.admin({"window", "pause"}) == 0);
    REQUIRE(site.admin({"window", "resume", "--no-banner"}) == 0);
    REQUIRE(site.admin({"banner", "set", "--level", "info", "--fr", "Salut", "--en", "Hi"}) == 0);
    REQUIRE(site.admin({"window", "close"}) == 0);
    for (const char* action : {"window_set", "window_pause", "window_resume", "window_close"}) {
        CAPTURE(action);
        CHECK(site.sql(std::string("SELECT count(*) FROM audit_log WHERE action = '") + action +
                       "' AND who LIKE 'cli:%' AND from_addr = 'local'") == "1");
    }
    // pause's own outage banner, then the operator's.
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'banner_set'") == "2");
    std::string output;
    REQUIRE(site.admin({"audit"}, &output) == 0);
    CHECK(output.find("window_close") != std::string::npos);
}

TEST_CASE("cli_banner_works_when_the_database_is_gone") {
    Site site;
    if (sqlite_only("moves the SQLite file away")) return;
    site.stop();
    REQUIRE(std::rename(site.db_path().c_str(), (site.db_path() + ".away").c_str()) == 0);
    std::string output;
    CHECK(site.admin({"banner", "set", "--level", "outage", "--fr", "Panne", "--en", "Outage"}, &output) == 0);
    CHECK(output.find("no audit row written") != std::string::npos);
    CHECK(read_file(site.data() + "/status/banner.json").value_or("").find("Outage") != std::string::npos);
}

TEST_CASE("cli_stats_reports_counts_and_pool_health") {
    Site site;
    REQUIRE(site.sql("INSERT INTO accounts (email, name, lang, password_hash, created_at) VALUES "
                     "('a@example.org', 'Ana', 'fr', 'x', 0)")
                .empty());
    std::string output;
    REQUIRE(site.admin({"stats"}, &output) == 0);
    Json stats = parse_json(output.substr(output.find('{')));
    REQUIRE(stats);
    CHECK(json_int(stats, "accounts") == 1);
    CHECK(json_int(stats, "dossiers_compliant") == 0);
    CHECK(output.find("\"name\": \"window\"") != std::string::npos);
    site.stop();
    REQUIRE(site.admin({"stats"}, &output) == 0);  // still answers with every pool down
    CHECK(output.find("\"state\": \"ok\"") == std::string::npos);
}

TEST_CASE("cli_export_claims_csv_defuses_hostile_names") {
    Site site;
    REQUIRE(site.sql("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES "
                     "(1, 'a@example.org', '=cmd|'' /C calc''!A0', 'fr', 'x', 0)")
                .empty());
    REQUIRE(site.sql("INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt) "
                     "VALUES (1, 'c1', 1, 1781000000000, 'granted', 'd1', '{}')")
                .empty());
    std::string file = site.data() + "/claims.csv";
    REQUIRE(site.admin({"export", "claims.csv", "--output", file}) == 0);
    std::string csv = read_file(file).value_or("");
    CHECK(csv.find("\"'=cmd|' /C calc'!A0\"") != std::string::npos);
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'export_claims_csv'") == "1");
    CHECK(site.admin({"export", "passwords.csv"}) == 2);
}

TEST_CASE("cli_backup_and_restore_round_trip") {
    Site site;
    REQUIRE(site.sql("INSERT INTO accounts (email, name, lang, password_hash, created_at) VALUES "
                     "('a@example.org', 'Ana', 'fr', 'x', 0)")
                .empty());
    REQUIRE(site.admin({"window", "set", "--opens-at", "+60", "--closes-at", "+3600", "--places", "7"}) == 0);
    std::string backup = site.data() + "/backup.db";
    std::string output;
    if (site.postgres()) {  // SQLite's backup API: refused, with the tools to use instead
        CHECK(site.admin({"backup", backup}, &output) == 1);
        CHECK(output.find("pg_dump") != std::string::npos);
        CHECK(!read_file(backup));
        CHECK(site.admin({"restore", backup}, &output) == 1);
        CHECK(site.sql("SELECT places_total FROM intake_window") == "7");
        return;
    }
    REQUIRE(site.admin({"backup", backup}, &output) == 0);
    CHECK(output.find("integrity_check ok") != std::string::npos);
    CHECK(site.admin({"backup", backup}) == 2);  // never overwrites silently
    // Changes after the backup...
    REQUIRE(site.sql("INSERT INTO accounts (email, name, lang, password_hash, created_at) VALUES "
                     "('b@example.org', 'Bo', 'fr', 'x', 0)")
                .empty());
    REQUIRE(site.sql("UPDATE intake_window SET places_total = 9").empty());
    // ...are undone by a restore, which waits for the pools to stop.
    CHECK(site.admin({"restore", backup}, &output) == 1);
    CHECK(output.find("pools are running") != std::string::npos);
    site.stop();
    REQUIRE(site.admin({"restore", backup}, &output) == 0);
    CHECK(output.find("integrity_check ok") != std::string::npos);
    CHECK(integrity_check(site) == "ok");
    CHECK(site.sql("SELECT count(*) FROM accounts") == "1");
    CHECK(join(site.column("SELECT email FROM accounts"), ",") == "a@example.org");
    CHECK(site.sql("SELECT places_total FROM intake_window") == "7");
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'restore'") == "1");
    site.start();
    HttpClient client(site.url());
    CHECK(json_int(parse_json(client.get("/api/window").body), "places_total") == 7);
}

TEST_CASE("cli_restore_refuses_a_corrupt_file") {
    Site site;
    std::string bogus = site.data() + "/bogus.db";
    write_file_atomically(bogus, std::string(8192, 'x'));
    site.stop();
    std::string output;
    CHECK(site.admin({"restore", bogus}, &output) == 1);
    CHECK(site.sql("SELECT count(*) FROM schema_migrations") != "0");
}

TEST_CASE("cli_account_logout_ends_every_session_of_that_candidate_only") {
    Site site;
    HttpClient phone(site.url()), laptop(site.url()), other(site.url());
    Candidate candidate = create_logged_in_candidate(site, phone);
    log_in(site, laptop, candidate.id);
    create_logged_in_candidate(site, other);
    REQUIRE(phone.get("/api/me").status == 200);
    std::string output;
    REQUIRE(site.admin({"account", "logout", candidate.email}, &output) == 0);
    CHECK(output.find("2 session(s) ended") != std::string::npos);
    CHECK(phone.get("/api/me").status == 401);
    CHECK(laptop.get("/api/me").status == 401);
    CHECK(other.get("/api/me").status == 200);
    CHECK(site.sql("SELECT count(*) FROM audit_log WHERE action = 'account_logout' AND who LIKE 'cli:%'") == "1");
    CHECK(site.admin({"account", "logout", "nobody@example.org"}) == 1);
    CHECK(site.admin({"account", "logout"}) == 2);
}
