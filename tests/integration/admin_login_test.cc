// Administrators log in with a password and a TOTP code, through the real
// nginx (which allows only configured addresses) and the admin pool.
#include <doctest/doctest.h>

#include "tests/integration/admin_helpers.h"
#include "tests/integration/json_util.h"

using namespace guichet;
using namespace guichet::test;

TEST_CASE("admin_login_with_password_and_current_totp_opens_a_session") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    HttpResponse response = admin_login(client, "alice", secret);
    CHECK(response.status == 200);
    CHECK(json_text(parse_json(response.body), "user") == "alice");
    REQUIRE(response.set_cookies.size() == 1);
    const std::string& cookie = response.set_cookies[0];
    CHECK(cookie.rfind("guichet_admin=", 0) == 0);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(cookie.find("Path=/") != std::string::npos);
    CHECK(client.get("/api/admin/session").status == 200);
    CHECK(client.get("/api/admin/stats").status == 200);
}

TEST_CASE("admin_login_with_a_wrong_totp_is_401") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    std::string wrong = current_code(secret) == "000000" ? "111111" : "000000";
    HttpResponse response = client.post("/api/admin/session", login_body("alice", kAdminPassword, wrong));
    CHECK(response.status == 401);
    CHECK(is_error(response.body, "admin_bad_credentials"));
    CHECK(response.set_cookies.empty());
    CHECK(client.get("/api/admin/stats").status == 401);
}

TEST_CASE("admin_login_without_a_totp_is_refused") {
    Site site;
    add_admin(site, "alice");
    HttpClient client(site.url());
    HttpResponse response =
        client.post("/api/admin/session", "{\"user\":\"alice\",\"password\":\"" + std::string(kAdminPassword) + "\"}");
    CHECK(response.status == 422);
    CHECK(is_error(response.body, "invalid"));
    CHECK(client.get("/api/admin/stats").status == 401);
}

TEST_CASE("admin_login_with_a_wrong_password_is_401") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    HttpResponse response =
        client.post("/api/admin/session", login_body("alice", "not the passphrase", current_code(secret)));
    CHECK(response.status == 401);
    CHECK(is_error(response.body, "admin_bad_credentials"));
}

TEST_CASE("admin_login_reusing_a_spent_code_is_401") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient first(site.url());
    std::string code = current_code(secret);
    REQUIRE(first.post("/api/admin/session", login_body("alice", kAdminPassword, code)).status == 200);
    HttpClient second(site.url());
    CHECK(second.post("/api/admin/session", login_body("alice", kAdminPassword, code)).status == 401);
}

TEST_CASE("admin_logout_revokes_the_session") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    std::string token = client.cookie("guichet_admin");
    CHECK(client.del("/api/admin/session").status == 204);
    HttpClient replay(site.url());
    replay.set_cookie("guichet_admin", token);
    CHECK(replay.get("/api/admin/stats").status == 401);
}

TEST_CASE("admin_routes_without_a_session_are_401") {
    Site site;
    HttpClient client(site.url());
    for (const char* path : {"/api/admin/stats", "/api/admin/claims.csv", "/api/admin/audit", "/api/admin/window"}) {
        HttpResponse response = client.get(path);
        CHECK(response.status == 401);
        CHECK(is_error(response.body, "no_session"));
    }
    CHECK(client.put("/api/admin/banner", "{\"level\":\"none\"}").status == 401);
}

TEST_CASE("admin_change_from_another_site_is_403") {
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    HttpResponse response = client.request("PUT", "/api/admin/banner",
                                           "{\"level\":\"outage\",\"fr\":\"pirate\",\"en\":\"pirate\"}",
                                           {"Origin: http://evil.example"});
    CHECK(response.status == 403);
    CHECK(is_error(response.body, "cross_site"));
    CHECK(client.get("/status/banner.json").body.find("pirate") == std::string::npos);
}

TEST_CASE("admin_console_and_api_from_a_non_allowed_address_are_403") {
    Site site({"GUICHET_ADMIN_ALLOW=192.0.2.1"});  // the tests connect from 127.0.0.1
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    HttpResponse login = admin_login(client, "alice", secret);
    CHECK(login.status == 403);
    CHECK(is_error(login.body, "forbidden"));
    CHECK(client.get("/api/admin/stats").status == 403);
    CHECK(client.get("/admin/").status == 403);
    CHECK(client.get("/admin/login.js").status == 403);
    CHECK(site.sql("SELECT count(*) FROM admin_sessions") == "0");
}

TEST_CASE("admin_login_body_hostile_input_is_a_clear_4xx") {
    Site site;
    add_admin(site, "alice");
    HttpClient client(site.url());
    CHECK(client.post("/api/admin/session", "not json").status == 400);
    CHECK(client.post("/api/admin/session", "{\"user\":1,\"password\":\"x\",\"totp\":\"1\"}").status == 422);
    HttpResponse sql = client.post("/api/admin/session", login_body("alice' OR '1'='1", "x' OR '1'='1", "123456"));
    CHECK(sql.status == 401);
    CHECK(client.post("/api/admin/session", login_body(std::string(300, 'a'), "x", "1")).status == 422);
}

TEST_CASE("an_admin_hash_written_before_the_password_module_logs_in_and_is_rehashed") {
    Site site;
    std::string secret = add_admin(site, "alice");
    // As domain/admin_accounts.cc's hash_admin_password wrote it, at a lower cost (1000).
    std::string legacy = "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$j37JdlxVLahyn3ecN6VqEjMQJQH3Ophg62yFu3z2ckQ=";
    site.sql("UPDATE admins SET password_hash = '" + legacy + "' WHERE name = 'alice'");
    REQUIRE(site.sql("SELECT password_hash FROM admins WHERE name = 'alice'") == legacy);
    HttpClient client(site.url());
    CHECK(admin_login(client, "alice", secret).status == 200);
    // Rehashed at the configured scheme and cost: argon2id, m = 19 MiB, t = 2 (crypto/password.h).
    CHECK(site.sql("SELECT password_hash FROM admins WHERE name = 'alice'").rfind("argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    CHECK(client.get("/api/admin/session").status == 200);
}

TEST_CASE("admin_console_polling_its_session_is_never_throttled_and_logout_works") {
    // The login rate (10 a minute, burst 5) counts POSTs only: the console's
    // who-am-I check on every page load, and its logout, are not attempts.
    Site site;
    std::string secret = add_admin(site, "alice");
    HttpClient client(site.url());
    REQUIRE(admin_login(client, "alice", secret).status == 200);
    for (int i = 0; i < 20; ++i) {
        CAPTURE(i);
        REQUIRE(client.get("/api/admin/session").status == 200);
    }
    CHECK(client.del("/api/admin/session").status == 204);
    CHECK(client.get("/api/admin/session").status == 401);
    // Wrong passwords still meet the rate.
    HttpClient guesser(site.url());
    int limited = 0;
    for (int i = 0; i < 12; ++i) {
        HttpResponse response = guesser.post("/api/admin/session", login_body("alice", "not the password", "000000"));
        if (response.status == 429) ++limited;
    }
    CHECK(limited > 0);
}
