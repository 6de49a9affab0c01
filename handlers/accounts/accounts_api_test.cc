// The accounts handler's function on a real, migrated SQLite file, with
// TestRequest (no FastCGI, no nginx: the integration tests cover those).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>

#include "accounts/accounts_api.h"
#include "base/clock.h"
#include "base/encoding.h"
#include "store/migrate.h"
#include "http/serve.h"
#include "crypto/password.h"
#include "domain/sessions.h"
#include "http/test_request.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using namespace guichet::accounts;

namespace {

const char kOrigin[] = "http://guichet.test";

struct Fixture {
    test::TempDir scratch{"accounts"};
    std::string dir = scratch.path;
    std::unique_ptr<Context> context;

    // PBKDF2 at a low cost keeps these tests fast; argon2id is tested by name.
    explicit Fixture(uint32_t iterations = 1000, const std::string& scheme = "pbkdf2-sha256") {
        test::migrated_db(dir, "t.db");
        Config config;
        config.origin = kOrigin;
        config.cookie_secure = true;
        config.password_scheme = scheme;
        config.argon2_memory_kib = 1024;  // a cheap argon2id for the tests that choose it
        config.argon2_passes = 1;
        config.pbkdf2_iterations = iterations;
        config.session_max_per_account = 2;
        context = std::make_unique<Context>(config, Db(dir + "/t.db", Durability::normal),
                                            CommonPasswords::parse("qwertyuiop\n"));
    }

    // An account as an earlier release stored it: PBKDF2 at `iterations`.
    void add_account_with_pbkdf2_hash(const std::string& email, const std::string& password, uint32_t iterations) {
        Random random;
        context->db.prepare("INSERT INTO accounts (email, name, lang, password_hash, created_at, verified_at) "
                            "VALUES (?1, 'Old', 'fr', ?2, 0, 0)")
            .bind(1, email)
            .bind(2, hash_password(password, iterations, random))
            .run();
    }

    Response call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& cookie = "") {
        TestRequest request(method, path, body);
        request.set("HTTP_ORIGIN", kOrigin).set("CONTENT_TYPE", "application/json");
        if (!cookie.empty()) request.set("HTTP_COOKIE", cookie);
        AccessRecord record;
        return handle_safely([&](const Request& r) { return handle(r, *context); }, request, &record);
    }
    std::string text(const char* sql) {
        Stmt stmt = context->db.prepare(sql);
        std::string out = stmt.step() ? stmt.text(0) : "";
        return out;
    }
    // Signs up, then marks the address verified as following the link in its
    // message does (tests/integration/recovery_test.cc follows the real link).
    Response sign_up(const std::string& email = "alice@example.org", const std::string& password = "une longue phrase") {
        Response response = call("POST", "/api/accounts",
                                 R"({"email":")" + email + R"(","password":")" + password + R"(","name":"Alice","lang":"en"})");
        context->db.prepare("UPDATE accounts SET verified_at = 1 WHERE email = ?1").bind(1, email).run();
        return response;
    }
    // The session cookie's value from a login answer.
    static std::string session_value(const Response& response) {
        for (const auto& [name, value] : response.headers) {
            if (name == "Set-Cookie" && value.rfind("__Host-guichet_session=", 0) == 0) {
                return value.substr(23, value.find(';') - 23);  // after "__Host-guichet_session="
            }
        }
        return "";
    }
};

}  // namespace

TEST_CASE("email_is_trimmed_and_lowercased_before_storing") {
    Fixture f;
    CHECK(f.sign_up("  Alice@Example.ORG ").status == 202);
    CHECK(f.text("SELECT email FROM accounts") == "alice@example.org");
    CHECK(f.sign_up("ALICE@example.org").status == 202);  // the same answer: no enumeration
    CHECK(f.text("SELECT count(*) FROM accounts") == "1");
}

TEST_CASE("account_fields_are_all_reported_in_one_422") {
    Fixture f;
    Response response = f.call("POST", "/api/accounts", R"({"email":"nope","password":"qwertyuiop","lang":"de"})");
    CHECK(response.status == 422);
    CHECK(response.body.find(R"("email":"invalid")") != std::string::npos);
    CHECK(response.body.find(R"("password":"too_common")") != std::string::npos);
    CHECK(response.body.find(R"("name":"missing")") != std::string::npos);
    CHECK(response.body.find(R"("lang":"invalid")") != std::string::npos);
}

TEST_CASE("password_length_counts_code_points_not_bytes") {
    Fixture f;
    // Nine two-byte letters: 18 bytes but 9 characters.
    CHECK(f.sign_up("a@example.org", "ééééééééé").status == 422);
    CHECK(f.sign_up("b@example.org", "éééééééééé").status == 202);
    std::string long_password(129, 'x');
    Response response = f.sign_up("c@example.org", long_password);
    CHECK(response.body.find(R"("password":"too_long")") != std::string::npos);
}

TEST_CASE("password_equal_to_the_email_is_refused") {
    Fixture f;
    Response response = f.sign_up("alice@example.org", "ALICE@example.org");
    CHECK(response.status == 422);
    CHECK(response.body.find(R"("password":"same_as_email")") != std::string::npos);
}

TEST_CASE("login_sets_a_43_character_session_cookie_stored_only_as_its_sha256") {
    Fixture f;
    REQUIRE(f.sign_up().status == 202);
    Response response = f.call("POST", "/api/session", R"({"email":"alice@example.org","password":"une longue phrase"})");
    REQUIRE(response.status == 200);
    std::string token = Fixture::session_value(response);
    CHECK(token.size() == 43);
    auto raw = base64url_decode(token);
    REQUIRE(raw);
    CHECK(raw->size() == 32);
    {
        Stmt stmt = f.context->db.prepare("SELECT lower(hex(token_hash)) FROM sessions");
        REQUIRE(stmt.step());
        CHECK(stmt.text(0) == hex_encode(session_key(token)));
    }
    bool secure_httponly = false, lang_cookie = false;
    for (const auto& [name, value] : response.headers) {
        if (name != "Set-Cookie") continue;
        if (value.rfind("__Host-guichet_session=", 0) == 0) {
            secure_httponly = value.find("; HttpOnly") != std::string::npos &&
                              value.find("; Secure") != std::string::npos &&
                              value.find("; SameSite=Strict") != std::string::npos &&
                              value.find("; Path=/") != std::string::npos &&
                              value.find("Domain") == std::string::npos;  // what __Host- demands
        }
        if (value.rfind("lang=en;", 0) == 0) lang_cookie = value.find("HttpOnly") == std::string::npos;
    }
    CHECK(secure_httponly);
    CHECK(lang_cookie);
}

TEST_CASE("two_tokens_are_never_alike") {
    Random random;
    NewToken a = new_session_token(random), b = new_session_token(random);
    CHECK(a.cookie_value != b.cookie_value);
    CHECK(a.key.size() == 32);
    CHECK(session_key(a.cookie_value) == a.key);
}

TEST_CASE("login_with_a_lower_stored_cost_rehashes_at_the_configured_cost") {
    Fixture f(2000);
    f.add_account_with_pbkdf2_hash("old@example.org", "ancien mot de passe", 1000);
    Response response = f.call("POST", "/api/session", R"({"email":"old@example.org","password":"ancien mot de passe"})");
    CHECK(response.status == 200);
    std::string stored = f.text("SELECT password_hash FROM accounts");
    CHECK(stored.rfind("pbkdf2-sha256$2000$", 0) == 0);
    CHECK(verify_password("ancien mot de passe", stored));
}

TEST_CASE("login_with_a_pbkdf2_hash_rehashes_it_into_argon2id_when_that_is_configured") {
    Fixture f(1000, "argon2id");
    f.add_account_with_pbkdf2_hash("old@example.org", "ancien mot de passe", 1000);
    Response response = f.call("POST", "/api/session", R"({"email":"old@example.org","password":"ancien mot de passe"})");
    CHECK(response.status == 200);
    std::string stored = f.text("SELECT password_hash FROM accounts");
    CHECK(stored.rfind("argon2id$v=19$m=1024,t=1,p=1$", 0) == 0);
    CHECK(verify_password("ancien mot de passe", stored));
    // And the next login verifies the argon2id hash.
    CHECK(f.call("POST", "/api/session", R"({"email":"old@example.org","password":"ancien mot de passe"})").status == 200);
}

TEST_CASE("oldest_sessions_are_revoked_past_the_cap") {
    Fixture f;  // cap 2
    REQUIRE(f.sign_up().status == 202);
    std::string body = R"({"email":"alice@example.org","password":"une longue phrase"})";
    std::string first = Fixture::session_value(f.call("POST", "/api/session", body));
    usleep(2000);
    std::string second = Fixture::session_value(f.call("POST", "/api/session", body));
    usleep(2000);
    std::string third = Fixture::session_value(f.call("POST", "/api/session", body));
    CHECK(f.call("GET", "/api/me", "", "__Host-guichet_session=" + first).status == 401);
    CHECK(f.call("GET", "/api/me", "", "__Host-guichet_session=" + second).status == 200);
    CHECK(f.call("GET", "/api/me", "", "__Host-guichet_session=" + third).status == 200);
}

TEST_CASE("me_refreshes_last_seen_at_at_most_once_a_minute") {
    Fixture f;
    REQUIRE(f.sign_up().status == 202);
    std::string token = Fixture::session_value(
        f.call("POST", "/api/session", R"({"email":"alice@example.org","password":"une longue phrase"})"));
    f.context->db.exec("UPDATE sessions SET last_seen_at = last_seen_at - 30000");
    std::string before = f.text("SELECT last_seen_at FROM sessions");
    CHECK(f.call("GET", "/api/me", "", "__Host-guichet_session=" + token).status == 200);
    CHECK(f.text("SELECT last_seen_at FROM sessions") == before);  // 30 s old: no write
    f.context->db.exec("UPDATE sessions SET last_seen_at = last_seen_at - 60000");
    CHECK(f.call("GET", "/api/me", "", "__Host-guichet_session=" + token).status == 200);
    CHECK(std::stoll(f.text("SELECT last_seen_at FROM sessions")) > std::stoll(before));
}

TEST_CASE("idle_session_is_no_session") {
    Fixture f;
    REQUIRE(f.sign_up().status == 202);
    std::string token = Fixture::session_value(
        f.call("POST", "/api/session", R"({"email":"alice@example.org","password":"une longue phrase"})"));
    f.context->db.exec("UPDATE sessions SET last_seen_at = last_seen_at - 13 * 3600 * 1000");  // idle 12 h
    Response response = f.call("GET", "/api/me", "", "__Host-guichet_session=" + token);
    CHECK(response.status == 401);
    CHECK(response.body.find("no_session") != std::string::npos);
}

TEST_CASE("non_json_content_type_is_415") {
    Fixture f;
    TestRequest request("POST", "/api/session", R"({"email":"a@b.cd","password":"x"})");
    request.set("HTTP_ORIGIN", kOrigin).set("CONTENT_TYPE", "text/plain");
    CHECK_THROWS_WITH_AS(handle(request, *f.context), "unsupported_media_type: content-type", ApiError);
}
