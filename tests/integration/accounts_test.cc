// The accounts handler through the real nginx and accounts pool: accounts,
// logins, sessions, throttles, hostile input, secrets kept out of the
// database and the logs, and a login storm that leaves the rest answering.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "base/clock.h"
#include "base/encoding.h"
#include "crypto/digest.h"
#include "tests/integration/json_util.h"
#include "tests/integration/mailbox.h"
#include "tests/integration/site.h"
#include "tests/integration/portable_sql.h"

using namespace guichet;
using namespace guichet::test;

namespace {

// Functional tests do not measure hashing: a low cost and generous address
// throttles keep them quick and independent of the per-address limit.
const std::vector<std::string> kQuickSite = {"GUICHET_PBKDF2_ITERATIONS=1000", "GUICHET_LOGIN_RATE=6000r/m",
                                             "GUICHET_ACCOUNT_RATE=6000r/m"};

const char kPassword[] = "violet tramway sous la pluie";

std::string account_json(const std::string& email, const std::string& password = kPassword,
                         const std::string& name = "Alice Martin", const std::string& lang = "en") {
    Json body(json_object());
    json_object_set_new(body.get(), "email", json_string(email.c_str()));
    json_object_set_new(body.get(), "password", json_string(password.c_str()));
    json_object_set_new(body.get(), "name", json_string(name.c_str()));
    json_object_set_new(body.get(), "lang", json_string(lang.c_str()));
    return json_dump(body.get());
}

std::string login_json(const std::string& email, const std::string& password = kPassword) {
    Json body(json_object());
    json_object_set_new(body.get(), "email", json_string(email.c_str()));
    json_object_set_new(body.get(), "password", json_string(password.c_str()));
    return json_dump(body.get());
}

std::string field(const std::string& body, const char* key) {
    Json object = parse_json(body);
    const char* value = object ? json_string_value(json_object_get(json_object_get(object.get(), "fields"), key)) : nullptr;
    return value ? value : "";
}

std::string set_cookie(const HttpResponse& response, const std::string& name) {
    for (const std::string& cookie : response.set_cookies) {
        if (cookie.rfind(name + "=", 0) == 0) return cookie;
    }
    return "";
}

// Signs up and follows the verification link from the message, as the owner
// of the address does: the account can then log in.
void sign_up(const Site& site, HttpClient& client, const std::string& account) {
    REQUIRE(client.post("/api/accounts", account).status == 202);
    std::string email = json_text(parse_json(account), "email");
    REQUIRE(verify_from_mail(site, email).status == 200);
}

std::string file_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("creating_an_account_returns_202_and_names_no_id") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.post("/api/accounts", account_json("alice@example.org"));
    CHECK(response.status == 202);
    Json body = parse_json(response.body);
    REQUIRE(body);
    CHECK(json_text(body, "status") == "verification_sent");
    CHECK(response.body.find("\"id\"") == std::string::npos);
    CHECK(site.sql("SELECT name || '|' || lang FROM accounts WHERE email = 'alice@example.org'") == "Alice Martin|en");
    CHECK(site.sql("SELECT CAST(verified_at IS NULL AS INTEGER) FROM accounts") == "1");
}

TEST_CASE("signing_up_with_an_address_that_has_an_account_answers_the_same_and_changes_nothing") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    std::string hash = site.sql("SELECT password_hash FROM accounts");
    HttpResponse fresh = client.post("/api/accounts", account_json("bob@example.org", kPassword, "Bob Martin"));
    HttpResponse taken = client.post("/api/accounts", account_json("  ALICE@Example.org ", "another long phrase", "Bob"));
    CHECK(taken.status == fresh.status);
    CHECK(taken.status == 202);
    CHECK(taken.body == fresh.body);
    CHECK(site.sql("SELECT count(*) FROM accounts") == "2");
    CHECK(site.sql("SELECT password_hash FROM accounts WHERE email = 'alice@example.org'") == hash);
    CHECK(site.sql("SELECT name FROM accounts WHERE email = 'alice@example.org'") == "Alice Martin");
    // The owner's password still works; the newcomer's does not.
    CHECK(client.post("/api/session", login_json("alice@example.org")).status == 200);
    CHECK(client.post("/api/session", login_json("alice@example.org", "another long phrase")).status == 401);
    // The owner is told, with a reset link, in their own language.
    std::vector<MailFile> told = wait_for_mail(site.data() + "/mail", "alice@example.org", "account_exists");
    REQUIRE(told.size() == 1);
    CHECK(told[0].text.find("Hello Alice Martin,") != std::string::npos);
    CHECK(token_in(told[0], "/reset-password.html").size() == 43);
}

TEST_CASE("invalid_account_fields_are_422_with_a_code_per_field") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.post("/api/accounts", account_json("not-an-address", "short", "", "de"));
    CHECK(response.status == 422);
    CHECK(is_error(response.body, "invalid"));
    CHECK(field(response.body, "email") == "invalid");
    CHECK(field(response.body, "password") == "too_short");
    CHECK(field(response.body, "name") == "missing");
    CHECK(field(response.body, "lang") == "invalid");
    CHECK(site.sql("SELECT count(*) FROM accounts") == "0");
}

TEST_CASE("a_common_password_is_422_too_common") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.post("/api/accounts", account_json("alice@example.org", "Azertyuiop123"));
    CHECK(response.status == 422);
    CHECK(field(response.body, "password") == "too_common");
}

TEST_CASE("the_email_as_password_is_422_same_as_email") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.post("/api/accounts", account_json("alice@example.org", "Alice@Example.org"));
    CHECK(response.status == 422);
    CHECK(field(response.body, "password") == "same_as_email");
}

TEST_CASE("login_returns_the_profile_and_the_session_and_lang_cookies") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    HttpResponse response = client.post("/api/session", login_json("Alice@Example.org"));
    CHECK(response.status == 200);
    Json body = parse_json(response.body);
    REQUIRE(body);
    CHECK(json_text(body, "email") == "alice@example.org");
    CHECK(json_text(body, "name") == "Alice Martin");
    CHECK(json_text(body, "lang") == "en");
    std::string session = set_cookie(response, "guichet_session");
    CHECK(session.find("; HttpOnly") != std::string::npos);
    CHECK(session.find("; SameSite=Strict") != std::string::npos);
    CHECK(session.find("; Path=/") != std::string::npos);
    CHECK(session.find("Secure") == std::string::npos);  // the local site is plain HTTP (GUICHET_COOKIE_SECURE=0)
    CHECK(client.cookie("guichet_session").size() == 43);
    std::string lang = set_cookie(response, "lang");
    CHECK(lang.rfind("lang=en;", 0) == 0);
    CHECK(lang.find("HttpOnly") == std::string::npos);
}

TEST_CASE("me_answers_the_profile_with_a_session_and_401_without") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse anonymous = client.get("/api/me");
    CHECK(anonymous.status == 401);
    CHECK(is_error(anonymous.body, "no_session"));
    sign_up(site, client, account_json("alice@example.org", kPassword, "Alice", "fr"));
    REQUIRE(client.post("/api/session", login_json("alice@example.org")).status == 200);
    HttpResponse me = client.get("/api/me");
    CHECK(me.status == 200);
    Json body = parse_json(me.body);
    CHECK(json_text(body, "email") == "alice@example.org");
    CHECK(json_text(body, "name") == "Alice");
    CHECK(json_text(body, "lang") == "fr");
}

TEST_CASE("logout_is_204_and_the_old_cookie_opens_nothing_any_more") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    REQUIRE(client.post("/api/session", login_json("alice@example.org")).status == 200);
    std::string token = client.cookie("guichet_session");
    HttpResponse response = client.del("/api/session");
    CHECK(response.status == 204);
    CHECK(set_cookie(response, "guichet_session").find("Max-Age=0") != std::string::npos);
    CHECK(site.sql("SELECT count(*) FROM sessions WHERE revoked_at IS NOT NULL") == "1");
    // A copy of the cookie kept by someone else no longer works: revoked server-side.
    client.set_cookie("guichet_session", token);
    CHECK(client.get("/api/me").status == 401);
}

TEST_CASE("an_expired_session_is_401") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    REQUIRE(client.post("/api/session", login_json("alice@example.org")).status == 200);
    REQUIRE(client.get("/api/me").status == 200);
    site.sql("UPDATE sessions SET expires_at = 1");
    CHECK(client.get("/api/me").status == 401);
}

TEST_CASE("unknown_email_and_wrong_password_get_the_same_401") {
    Site site;  // the real cost, so the timing message means something
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    double unknown_ms = 0, wrong_ms = 0;
    HttpResponse unknown, wrong;
    for (int round = 0; round < 3; ++round) {
        auto start = std::chrono::steady_clock::now();
        unknown = client.post("/api/session", login_json("nobody@example.org"));
        auto middle = std::chrono::steady_clock::now();
        wrong = client.post("/api/session", login_json("alice@example.org", "not the right one at all"));
        auto end = std::chrono::steady_clock::now();
        unknown_ms += std::chrono::duration<double, std::milli>(middle - start).count();
        wrong_ms += std::chrono::duration<double, std::milli>(end - middle).count();
        CHECK(unknown.status == 401);
        CHECK(wrong.status == 401);
        CHECK(unknown.body == wrong.body);
        CHECK(is_error(unknown.body, "bad_credentials"));
        CHECK(unknown.set_cookies.empty());
        CHECK(wrong.set_cookies.empty());
    }
    MESSAGE("mean login time: unknown email ", unknown_ms / 3, " ms, wrong password ", wrong_ms / 3, " ms");
}

TEST_CASE("bad_credentials_message_follows_the_language") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse french = client.post("/api/session", login_json("nobody@example.org"));
    HttpResponse english =
        client.request("POST", "/api/session", login_json("nobody@example.org"), {"Accept-Language: en"});
    CHECK(json_text(parse_json(french.body), "message") == "Adresse courriel ou mot de passe incorrect.");
    CHECK(json_text(parse_json(english.body), "message") == "Incorrect email address or password.");
}

TEST_CASE("cross_site_requests_are_403_on_every_state_change") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    REQUIRE(client.post("/api/session", login_json("alice@example.org")).status == 200);
    std::vector<std::string> evil = {"Origin: http://evil.example"};
    HttpResponse create = client.request("POST", "/api/accounts", account_json("bob@example.org"), evil);
    HttpResponse login = client.request("POST", "/api/session", login_json("alice@example.org"), evil);
    HttpResponse logout = client.request("DELETE", "/api/session", "", evil);
    HttpResponse no_origin = client.request("POST", "/api/session", login_json("alice@example.org"), {"Origin:"});
    for (const HttpResponse* response : {&create, &login, &logout, &no_origin}) {
        CHECK(response->status == 403);
        CHECK(is_error(response->body, "cross_site"));
    }
    CHECK(site.sql("SELECT count(*) FROM accounts") == "1");
    CHECK(client.get("/api/me").status == 200);  // the forged logout revoked nothing
}

TEST_CASE("other_methods_are_405_with_allow") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse accounts = client.get("/api/accounts");
    HttpResponse session = client.put("/api/session", "{}");
    HttpResponse me = client.post("/api/me", "{}");
    CHECK(accounts.status == 405);
    CHECK(accounts.header("allow") == "POST");
    CHECK(session.status == 405);
    CHECK(session.header("allow") == "POST, DELETE");
    CHECK(me.status == 405);
    CHECK(me.header("allow") == "GET, HEAD");
    CHECK(is_error(me.body, "method_not_allowed"));
}

TEST_CASE("paths_below_the_handler_are_404") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.get("/api/accounts/1");
    CHECK(response.status == 404);
    CHECK(is_error(response.body, "not_found"));
}

TEST_CASE("a_huge_body_is_413_in_the_contract_shape") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    std::string huge = account_json("alice@example.org", kPassword, std::string(100000, 'a'));
    HttpResponse by_nginx = client.post("/api/accounts", huge);
    CHECK(by_nginx.status == 413);
    CHECK(is_error(by_nginx.body, "too_large"));
    // Under nginx's bound but over the handler's.
    HttpResponse by_handler = client.post("/api/accounts", account_json("alice@example.org", kPassword, std::string(8000, 'a')));
    CHECK(by_handler.status == 413);
    CHECK(is_error(by_handler.body, "too_large"));
    CHECK(site.sql("SELECT count(*) FROM accounts") == "0");
}

TEST_CASE("a_non_json_content_type_is_415") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.request("POST", "/api/session", login_json("a@example.org"),
                                           {"Content-Type: application/x-www-form-urlencoded"});
    CHECK(response.status == 415);
    CHECK(is_error(response.body, "unsupported_media_type"));
}

TEST_CASE("too_many_logins_from_one_address_get_nginx_429_with_retry_after") {
    Site site({"GUICHET_PBKDF2_ITERATIONS=1000"});  // the default 30r/m, burst 10
    HttpClient client(site.url());
    HttpResponse limited;
    for (int i = 0; i < 30 && limited.status != 429; ++i) {
        HttpResponse response = client.post("/api/session", login_json("nobody@example.org"));
        if (response.status == 429) limited = response;
        else CHECK(response.status == 401);
    }
    REQUIRE(limited.status == 429);
    CHECK(is_error(limited.body, "rate_limited"));
    CHECK(std::stoi(limited.header("retry-after").empty() ? "0" : limited.header("retry-after")) > 0);
    CHECK(limited.header("content-type").find("application/json") == 0);
}

TEST_CASE("too_many_account_creations_from_one_address_get_429") {
    Site site({"GUICHET_PBKDF2_ITERATIONS=1000"});  // the default 10r/m, burst 5
    HttpClient client(site.url());
    long last = 0;
    for (int i = 0; i < 20 && last != 429; ++i) {
        last = client.post("/api/accounts", account_json("user" + std::to_string(i) + "@example.org")).status;
    }
    CHECK(last == 429);
}

TEST_CASE("failed_logins_delay_their_client_but_never_the_owner_elsewhere") {
    Site site(kQuickSite);
    HttpClient guesser(site.url()), owner(site.url());
    sign_up(site, guesser, account_json("alice@example.org"));
    const std::string far = "X-Forwarded-For: 203.0.113.9";  // the guesser's address
    for (int i = 0; i < 5; ++i) {
        CHECK(guesser.request("POST", "/api/session", login_json("alice@example.org", "wrong password!"), {far})
                  .status == 401);
    }
    // From where the guesses came, even the right password waits.
    HttpResponse response = guesser.request("POST", "/api/session", login_json("alice@example.org"), {far});
    CHECK(response.status == 429);
    CHECK(is_error(response.body, "rate_limited"));
    int retry = std::stoi(response.header("retry-after").empty() ? "0" : response.header("retry-after"));
    CHECK(retry >= 1);
    CHECK(retry <= 2);
    CHECK(response.set_cookies.empty());
    // The owner, from home, logs in at once.
    HttpResponse home =
        owner.request("POST", "/api/session", login_json("alice@example.org"), {"X-Forwarded-For: 198.51.100.7"});
    CHECK(home.status == 200);
}

TEST_CASE("parallel_wrong_passwords_cannot_pass_the_throttle_together") {
    Site site(kQuickSite);
    {
        HttpClient client(site.url());
        sign_up(site, client, account_json("alice@example.org"));
    }
    std::atomic<int> heard{0}, delayed{0};
    std::vector<std::thread> guessers;
    for (int g = 0; g < 8; ++g) {
        guessers.emplace_back([&] {
            HttpClient client(site.url());
            long status = client.post("/api/session", login_json("alice@example.org", "wrong password!")).status;
            if (status == 401) ++heard;
            if (status == 429) ++delayed;
        });
    }
    for (auto& g : guessers) g.join();
    CHECK(heard == 5);  // the free failures, and not one more
    CHECK(delayed == 3);
}

TEST_CASE("an_unknown_address_is_throttled_exactly_like_a_known_one") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    for (int i = 0; i < 5; ++i) {
        CHECK(client.post("/api/session", login_json("alice@example.org", "wrong password!")).status == 401);
        CHECK(client.post("/api/session", login_json("nobody@example.org", "wrong password!")).status == 401);
    }
    HttpResponse known = client.post("/api/session", login_json("alice@example.org", "wrong password!"));
    HttpResponse unknown = client.post("/api/session", login_json("nobody@example.org", "wrong password!"));
    CHECK(known.status == 429);
    CHECK(unknown.status == 429);
    CHECK(known.body == unknown.body);
    CHECK(!unknown.header("retry-after").empty());
    // Only digests of what was tried are kept: one row each, and the client's total.
    CHECK(site.sql("SELECT count(*) FROM login_attempts WHERE length(subject) = 32 AND failures = 5") == "2");
    CHECK(site.sql("SELECT failures FROM login_attempts WHERE length(subject) = 0") == "10");
    CHECK(site.sql("SELECT count(*) FROM login_attempts WHERE subject LIKE '%nobody%'") == "0");
}

TEST_CASE("the_delay_grows_with_failures_and_is_capped_at_15_minutes") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    std::string subject = blob_literal(site, guichet::sha256("candidate:alice@example.org"));
    std::string now = std::to_string(now_ms());
    site.sql("INSERT INTO login_attempts VALUES (" + subject + ", '127.0.0.1', 9, " + now + ")");
    CHECK(client.post("/api/session", login_json("alice@example.org")).header("retry-after") == "32");
    site.sql("UPDATE login_attempts SET failures = 500 WHERE length(subject) = 32");
    HttpResponse capped = client.post("/api/session", login_json("alice@example.org"));
    CHECK(capped.status == 429);
    int retry = std::stoi(capped.header("retry-after").empty() ? "0" : capped.header("retry-after"));
    CHECK(retry > 800);
    CHECK(retry <= 900);
}

TEST_CASE("after_the_delay_a_successful_login_clears_the_failures") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    sign_up(site, client, account_json("alice@example.org"));
    // Fifty failures, the last one 16 minutes ago: never a permanent lockout.
    std::string subject = blob_literal(site, guichet::sha256("candidate:alice@example.org"));
    site.sql("INSERT INTO login_attempts VALUES (" + subject + ", '127.0.0.1', 50, " +
             std::to_string(now_ms() - 16 * 60 * 1000) + ")");
    CHECK(client.post("/api/session", login_json("alice@example.org")).status == 200);
    CHECK(site.sql("SELECT count(*) FROM login_attempts WHERE length(subject) = 32") == "0");
}

TEST_CASE("malformed_json_is_400_bad_json") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    for (const char* body : {"{", "not json", "[1,2]", "{\"email\":\"a@b.cd\",\"email\":\"c@d.ef\"}", "{} trailing"}) {
        HttpResponse response = client.post("/api/session", body);
        CHECK_MESSAGE(response.status == 400, body);
        CHECK(is_error(response.body, "bad_json"));
    }
}

TEST_CASE("wrong_types_are_422_wrong_type") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.post(
        "/api/accounts", R"({"email":["a@b.cd"],"password":1234567890123,"name":{"x":1},"lang":true})");
    CHECK(response.status == 422);
    for (const char* key : {"email", "password", "name", "lang"}) CHECK(field(response.body, key) == "wrong_type");
}

TEST_CASE("an_unknown_field_is_422_unknown_field") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response = client.post("/api/session", R"({"email":"a@b.cd","password":"x","admin":true})");
    CHECK(response.status == 422);
    CHECK(field(response.body, "admin") == "unknown_field");
}

TEST_CASE("nul_bytes_and_invalid_utf8_are_refused_cleanly") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse escaped_nul = client.post("/api/accounts", account_json("a@example.org").replace(
        account_json("a@example.org").find("Alice"), 5, "Al\\u0000ice"));
    CHECK(escaped_nul.status == 400);
    CHECK(is_error(escaped_nul.body, "bad_json"));
    std::string raw_nul = R"({"email":"a@example.org","password":"abc)" + std::string(1, '\0') + R"(defghijkl"})";
    CHECK(client.post("/api/session", raw_nul).status == 400);
    std::string bad_utf8 = "{\"email\":\"a@example.org\",\"password\":\"\xff\xfe\xfd longue phrase\"}";
    HttpResponse invalid = client.post("/api/session", bad_utf8);
    CHECK(invalid.status == 400);
    CHECK(is_error(invalid.body, "bad_json"));
    CHECK(site.sql("SELECT count(*) FROM accounts") == "0");
}

TEST_CASE("huge_fields_are_422_too_long") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    HttpResponse response =
        client.post("/api/accounts", account_json(std::string(300, 'a') + "@example.org", std::string(129, 'p'),
                                                  std::string(101, 'n')));
    CHECK(response.status == 422);
    CHECK(field(response.body, "email") == "invalid");
    CHECK(field(response.body, "password") == "too_long");
    CHECK(field(response.body, "name") == "too_long");
}

TEST_CASE("sql_looking_strings_are_stored_verbatim_and_change_nothing") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    std::string name = "Robert'); DROP TABLE accounts; --";
    std::string password = "' OR '1'='1' -- x";
    sign_up(site, client, account_json("bobby@example.org", password, name));
    CHECK(site.sql("SELECT name FROM accounts") == name);
    CHECK(client.post("/api/session", login_json("bobby@example.org", "' OR '1'='1")).status == 401);
    CHECK(client.post("/api/session", login_json("x' OR 1=1 --@example.org", "whatever")).status == 422);
    HttpResponse ok = client.post("/api/session", login_json("bobby@example.org", password));
    CHECK(ok.status == 200);
    CHECK(json_text(parse_json(ok.body), "name") == name);
}

TEST_CASE("passwords_and_tokens_never_reach_the_database_or_the_logs") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    const std::string password = "Zyxw-secret-9f3e-unique";
    sign_up(site, client, account_json("alice@example.org", password));
    REQUIRE(client.post("/api/session", login_json("alice@example.org", password)).status == 200);
    CHECK(client.post("/api/session", login_json("alice@example.org", "Wrong-9f3e-unique")).status == 401);
    // A malformed body holding the password is refused without echoing it anywhere.
    CHECK(client.post("/api/session", R"({"email":"alice@example.org","password":")" + password + "\"").status == 400);
    std::string token = client.cookie("guichet_session");
    REQUIRE(token.size() == 43);
    REQUIRE(client.get("/api/me").status == 200);
    REQUIRE(client.del("/api/session").status == 204);
    site.stop();  // flushes nginx's buffered access log and checkpoints nothing away
    std::string stored;
    for (const char* file : {"/guichet.db", "/guichet.db-wal"}) stored += file_text(site.data() + file);
    if (site.postgres()) {  // every row of every table of the site's schema: what pg_dump would write
        for (const std::string& table : site.column("SELECT table_name FROM information_schema.tables "
                                                    "WHERE table_schema = current_schema()")) {
            stored += join(site.column("SELECT CAST(r AS TEXT) FROM " + table + " AS r"), "\n");
        }
    }
    std::string output;
    run_command("cat " + shell_quote(site.data()) + "/logs/*", &output);
    REQUIRE(!stored.empty());
    REQUIRE(!output.empty());
    for (const std::string& secret : {password, std::string("Wrong-9f3e-unique"), token}) {
        CHECK_MESSAGE(stored.find(secret) == std::string::npos, "in the database: ", secret);
        CHECK_MESSAGE(output.find(secret) == std::string::npos, "in the logs: ", secret);
    }
    CHECK(stored.find("alice@example.org") != std::string::npos);  // the search does see the files' content
}

TEST_CASE("a_login_storm_leaves_the_window_and_the_static_site_answering") {
    // The real hashing cost, and an address throttle high enough that every
    // login reaches the pool: the storm is bounded only by the pool's queue.
    Site site({"GUICHET_LOGIN_RATE=60000r/m", "GUICHET_ACCOUNT_RATE=6000r/m", "GUICHET_ACCOUNTS_QUEUE=16"});
    {
        HttpClient client(site.url());
        sign_up(site, client, account_json("alice@example.org"));
    }
    std::atomic<bool> stop{false};
    std::atomic<int> logins_200{0}, logins_401{0}, logins_busy{0}, logins_429{0}, logins_other{0};
    std::atomic<long> other_status{0};
    std::vector<std::thread> stormers;
    for (int t = 0; t < 24; ++t) {
        stormers.emplace_back([&, t] {
            HttpClient client(site.url());
            int attempt = 0;
            while (!stop) {
                // A quarter log in rightly; the others try addresses with no
                // account, each once (so the per-address delay never applies).
                std::string email = t % 4 == 0 ? "alice@example.org"
                                               : "nobody" + std::to_string(t) + "-" + std::to_string(++attempt) +
                                                     "@example.org";
                // Each attempt from a client of its own (the loopback is a trusted
                // proxy in test sites), so no per-client throttle answers instead of the pool.
                std::string client_address = "X-Forwarded-For: 10.7." + std::to_string(t) + "." +
                                             std::to_string(attempt % 250 + 1);
                HttpResponse response =
                    client.request("POST", "/api/session", login_json(email), {client_address}, 30000);
                if (response.status == 200) ++logins_200;
                else if (response.status == 401) ++logins_401;
                else if (response.status == 503 && is_error(response.body, "busy")) ++logins_busy;
                else if (response.status == 429 && is_error(response.body, "rate_limited")) ++logins_429;
                else {
                    ++logins_other;
                    other_status = response.status;
                }
                // Clients turned away wait a little, as the site's script does, rather than spin.
                if (response.status == 503 || response.status == 429) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the pool saturate
    int window_ok = 0, static_ok = 0, window_bad = 0, static_bad = 0;
    HttpClient poller(site.url());
    for (int i = 0; i < 40; ++i) {
        HttpResponse window = poller.get("/api/window");
        HttpResponse page = poller.get("/");
        (window.status == 200 ? window_ok : window_bad)++;
        (page.status == 200 ? static_ok : static_bad)++;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop = true;
    for (auto& thread : stormers) thread.join();
    CHECK(window_bad == 0);
    CHECK(static_bad == 0);
    CHECK(window_ok == 40);
    CHECK(static_ok == 40);
    CHECK(logins_200 + logins_401 > 0);
    CHECK(logins_other == 0);
    MESSAGE("during the storm: logins ", logins_200.load(), " x 200, ", logins_401.load(), " x 401, ",
            logins_busy.load(), " x 503 busy, ", logins_429.load(), " x 429, ", logins_other.load(), " other (last ",
            other_status.load(), ")");
}
