// Accounts that can be trusted and recovered, through the real nginx, the
// accounts pool and the mailer writing .eml files: verification by a link
// from the message, password reset, change of address, the window's notices,
// and the limits on who can make the site send mail.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "base/encoding.h"
#include "base/files.h"
#include "crypto/digest.h"
#include "tests/integration/candidates.h"
#include "tests/integration/backend.h"
#include "tests/integration/json_util.h"
#include "tests/integration/mailbox.h"
#include "tests/integration/site.h"
#include "tests/integration/uploads.h"
#include "tests/fixtures/document_bytes.h"

using namespace guichet;
using namespace guichet::test;

namespace {

const std::vector<std::string> kQuickSite = {"GUICHET_PBKDF2_ITERATIONS=1000", "GUICHET_ARGON2_MEMORY_KIB=64",
                                             "GUICHET_ARGON2_PASSES=1", "GUICHET_LOGIN_RATE=60000r/m",
                                             "GUICHET_ACCOUNT_RATE=600000r/m"};
const char kPassword[] = "violet tramway sous la pluie";
const char kNewPassword[] = "un autre chemin vers la mer";

std::string object(std::initializer_list<std::pair<const char*, std::string>> fields) {
    Json body(json_object());
    for (const auto& [key, value] : fields) json_object_set_new(body.get(), key, json_string(value.c_str()));
    return json_dump(body.get());
}

std::string account(const std::string& email, const std::string& lang = "en") {
    return object({{"email", email}, {"password", kPassword}, {"name", "Alice Martin"}, {"lang", lang}});
}

std::string login(const std::string& email, const std::string& password = kPassword) {
    return object({{"email", email}, {"password", password}});
}

std::string mail_dir(const Site& site) { return site.data() + "/mail"; }

HttpResponse follow(HttpClient& client, const MailFile& mail, const std::string& page) {
    return client.post("/api/accounts/verify", object({{"token", token_in(mail, page)}}));
}

MailFile one_mail(const Site& site, const std::string& to, const std::string& kind, size_t count = 1) {
    std::vector<MailFile> mails = wait_for_mail(mail_dir(site), to, kind, count);
    REQUIRE(mails.size() >= count);
    return mails[count - 1];
}

// A verified account, as its owner makes it.
void verified_account(const Site& site, HttpClient& client, const std::string& email) {
    REQUIRE(client.post("/api/accounts", account(email)).status == 202);
    REQUIRE(follow(client, one_mail(site, email, "verify_email"), "/verify-email.html").status == 200);
}

size_t count_mail(const Site& site, const std::string& to, const std::string& kind) {
    return wait_for_mail(mail_dir(site), to, kind, 1000, 0).size();
}

}  // namespace

TEST_CASE("an_address_is_verified_by_the_link_in_its_message_and_only_then_logs_in") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    REQUIRE(client.post("/api/accounts", account("alice@example.org")).status == 202);
    MailFile mail = one_mail(site, "alice@example.org", "verify_email");
    std::string link = link_in(mail, site.url() + "/verify-email.html?token=");
    CHECK(!link.empty());
    CHECK(mail.text.find("Hello Alice Martin,") != std::string::npos);
    CHECK(mail.raw.find("Content-Type: text/html") != std::string::npos);
    // Not yet verified: the right password gets 403 (and a fresh link), a wrong one 401.
    HttpResponse early = client.post("/api/session", login("alice@example.org"));
    CHECK(early.status == 403);
    CHECK(is_error(early.body, "email_unverified"));
    CHECK(early.set_cookies.empty());
    CHECK(client.post("/api/session", login("alice@example.org", "not the right one at all")).status == 401);
    one_mail(site, "alice@example.org", "verify_email", 2);
    // The link verifies; it works once.
    HttpResponse verified = follow(client, mail, "/verify-email.html");
    CHECK(verified.status == 200);
    CHECK(json_text(parse_json(verified.body), "email") == "alice@example.org");
    HttpResponse again = follow(client, mail, "/verify-email.html");
    CHECK(again.status == 400);
    CHECK(is_error(again.body, "bad_token"));
    CHECK(client.post("/api/session", login("alice@example.org")).status == 200);
}

TEST_CASE("a_wrong_expired_or_malformed_link_is_one_400_bad_token") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    REQUIRE(client.post("/api/accounts", account("alice@example.org")).status == 202);
    MailFile mail = one_mail(site, "alice@example.org", "verify_email");
    std::string token = token_in(mail, "/verify-email.html");
    std::string flipped = token;
    flipped[5] = flipped[5] == 'A' ? 'B' : 'A';
    for (const std::string& wrong : {flipped, std::string("short"), std::string(43, '!'), token + "A",
                                     std::string(200, 'A')}) {
        HttpResponse response = client.post("/api/accounts/verify", object({{"token", wrong}}));
        CHECK(response.status == 400);
        CHECK(is_error(response.body, "bad_token"));
    }
    CHECK(client.post("/api/accounts/verify", "{\"token\": 12}").status == 422);
    HttpResponse empty = client.post("/api/accounts/verify", "{}");
    CHECK_MESSAGE(empty.status == 422, empty.body);
    site.sql("UPDATE account_tokens SET expires_at = 1");
    HttpResponse expired = client.post("/api/accounts/verify", object({{"token", token}}));
    CHECK(expired.status == 400);
    CHECK(is_error(expired.body, "bad_token"));
    CHECK(site.sql("SELECT CAST(verified_at IS NULL AS INTEGER) FROM accounts") == "1");
}

TEST_CASE("the_database_holds_only_the_hash_of_a_link") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    REQUIRE(client.post("/api/accounts", account("alice@example.org")).status == 202);
    std::string token = token_in(one_mail(site, "alice@example.org", "verify_email"), "/verify-email.html");
    REQUIRE(token.size() == 43);
    std::string raw = base64url_decode(token).value_or("");
    CHECK(hex_encode(site.sql("SELECT token_hash FROM account_tokens")) == hex_encode(sha256(raw)));
    if (sqlite_only("reads the SQLite file's bytes")) return;
    site.sql("PRAGMA wal_checkpoint(TRUNCATE)");
    std::string stored = read_file(site.db_path()).value_or("");
    REQUIRE(!stored.empty());
    CHECK(stored.find(token) == std::string::npos);
    CHECK(stored.find(raw) == std::string::npos);
}

TEST_CASE("a_password_reset_answers_the_same_for_any_address_and_works_once") {
    Site site(kQuickSite);
    HttpClient owner(site.url()), other(site.url());
    verified_account(site, owner, "alice@example.org");
    REQUIRE(owner.post("/api/session", login("alice@example.org")).status == 200);
    REQUIRE(owner.get("/api/me").status == 200);
    HttpResponse known = other.post("/api/password-reset", object({{"email", "Alice@Example.org"}}));
    HttpResponse unknown = other.post("/api/password-reset", object({{"email", "nobody@example.org"}}));
    CHECK(known.status == 202);
    CHECK(unknown.status == 202);
    CHECK(known.body == unknown.body);
    CHECK(json_text(parse_json(known.body), "status") == "reset_sent");
    MailFile mail = one_mail(site, "alice@example.org", "password_reset");
    CHECK(mail.text.find("60 minutes") != std::string::npos);
    std::string token = token_in(mail, "/reset-password.html");
    // The policy holds; a refused password leaves the link usable.
    HttpResponse weak = other.post("/api/password-reset/confirm", object({{"token", token}, {"password", "short"}}));
    CHECK(weak.status == 422);
    HttpResponse common =
        other.post("/api/password-reset/confirm", object({{"token", token}, {"password", "Azertyuiop123"}}));
    CHECK(common.status == 422);
    HttpResponse done = other.post("/api/password-reset/confirm", object({{"token", token}, {"password", kNewPassword}}));
    CHECK(done.status == 204);
    // Every session is revoked; the old password fails, the new one works.
    CHECK(owner.get("/api/me").status == 401);
    CHECK(other.post("/api/session", login("alice@example.org")).status == 401);
    CHECK(other.post("/api/session", login("alice@example.org", kNewPassword)).status == 200);
    HttpResponse reused = other.post("/api/password-reset/confirm", object({{"token", token}, {"password", kPassword}}));
    CHECK(reused.status == 400);
    CHECK(is_error(reused.body, "bad_token"));
    CHECK(one_mail(site, "alice@example.org", "password_changed").text.find("changed") != std::string::npos);
    CHECK(count_mail(site, "nobody@example.org", "password_reset") == 0);
}

TEST_CASE("a_reset_link_expires_after_an_hour_and_a_newer_one_still_works") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    verified_account(site, client, "alice@example.org");
    REQUIRE(client.post("/api/password-reset", object({{"email", "alice@example.org"}})).status == 202);
    REQUIRE(client.post("/api/password-reset", object({{"email", "alice@example.org"}})).status == 202);
    std::string newest = token_in(one_mail(site, "alice@example.org", "password_reset", 2), "/reset-password.html");
    std::string oldest = token_in(wait_for_mail(mail_dir(site), "alice@example.org", "password_reset", 2)[0],
                                  "/reset-password.html");
    CHECK(site.sql("SELECT (expires_at - created_at) / 1000 FROM account_tokens WHERE purpose = 'reset' LIMIT 1") ==
          "3600");
    site.sql("UPDATE account_tokens SET expires_at = created_at + 1 WHERE id = (SELECT MIN(id) FROM account_tokens "
             "WHERE purpose = 'reset')");
    HttpResponse late = client.post("/api/password-reset/confirm", object({{"token", oldest}, {"password", kNewPassword}}));
    CHECK(late.status == 400);  // the older link: expired
    CHECK(client.post("/api/password-reset/confirm", object({{"token", newest}, {"password", kNewPassword}})).status ==
          204);
}

TEST_CASE("a_reset_verifies_an_address_so_its_owner_takes_back_a_squatted_signup") {
    Site site(kQuickSite);
    HttpClient squatter(site.url()), owner(site.url());
    REQUIRE(squatter.post("/api/accounts", account("alice@example.org")).status == 202);  // never verified
    // The real owner signs up: the same answer, and a message with a reset link.
    REQUIRE(owner.post("/api/accounts", object({{"email", "alice@example.org"}, {"password", kNewPassword},
                                                {"name", "Alice"}, {"lang", "fr"}}))
                .status == 202);
    std::string token = token_in(one_mail(site, "alice@example.org", "account_exists"), "/reset-password.html");
    REQUIRE(owner.post("/api/password-reset/confirm", object({{"token", token}, {"password", kNewPassword}})).status ==
            204);
    CHECK(owner.post("/api/session", login("alice@example.org", kNewPassword)).status == 200);
    CHECK(squatter.post("/api/session", login("alice@example.org")).status == 401);
}

TEST_CASE("mail_asked_for_by_strangers_is_limited_per_address_and_per_client") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    verified_account(site, client, "alice@example.org");
    // Three reset messages an hour per address; the fourth request is
    // answered the same and sends nothing (the earlier links still work).
    for (int i = 0; i < 4; ++i) {
        std::string from = "X-Forwarded-For: 10.9.0." + std::to_string(i + 1);
        CHECK(client.request("POST", "/api/password-reset", object({{"email", "alice@example.org"}}), {from}).status ==
              202);
    }
    // (The signup of the address above counted as one of its three.)
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    CHECK(count_mail(site, "alice@example.org", "password_reset") == 2);
    // One client gets 20 requests an hour, over any addresses, then 429.
    HttpResponse last;
    int asked = 0;
    while (asked < 40 && last.status != 429) {
        last = client.request("POST", "/api/password-reset",
                              object({{"email", "user" + std::to_string(asked) + "@example.org"}}),
                              {"X-Forwarded-For: 10.9.1.1"});
        ++asked;
    }
    CHECK(last.status == 429);
    CHECK(asked == 21);
    // The handler's limit (an hour's window), not nginx's per-second rate.
    CHECK(std::stoi(last.header("retry-after").empty() ? "0" : last.header("retry-after")) > 3000);
}

TEST_CASE("a_new_address_takes_over_only_once_verified_and_the_old_one_is_told") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    verified_account(site, client, "alice@example.org");
    REQUIRE(client.post("/api/session", login("alice@example.org")).status == 200);
    std::string change = object({{"email", "alice@new.example"}, {"password", kPassword}});
    HttpClient anonymous(site.url());
    CHECK(anonymous.put("/api/me/email", change).status == 401);
    HttpResponse wrong = client.put("/api/me/email", object({{"email", "alice@new.example"}, {"password", "nope nope"}}));
    CHECK(wrong.status == 401);
    CHECK(is_error(wrong.body, "bad_credentials"));
    HttpResponse asked = client.put("/api/me/email", change);
    CHECK(asked.status == 202);
    CHECK(json_text(parse_json(asked.body), "status") == "verification_sent");
    MailFile mail = one_mail(site, "alice@new.example", "change_email");
    // Until the link is followed, nothing changed.
    CHECK(json_text(parse_json(client.get("/api/me").body), "email") == "alice@example.org");
    HttpResponse followed = follow(client, mail, "/verify-email.html");
    CHECK(followed.status == 200);
    CHECK(json_text(parse_json(followed.body), "email") == "alice@new.example");
    CHECK(json_text(parse_json(client.get("/api/me").body), "email") == "alice@new.example");
    MailFile told = one_mail(site, "alice@example.org", "email_changed");
    CHECK(told.text.find("alice@new.example") != std::string::npos);
    CHECK(client.post("/api/session", login("alice@example.org")).status == 401);
    CHECK(client.post("/api/session", login("alice@new.example")).status == 200);
}

TEST_CASE("moving_to_an_address_that_has_an_account_changes_nothing_and_tells_its_owner") {
    Site site(kQuickSite);
    HttpClient alice(site.url()), bob(site.url());
    verified_account(site, alice, "alice@example.org");
    verified_account(site, bob, "bob@example.org");
    REQUIRE(alice.post("/api/session", login("alice@example.org")).status == 200);
    HttpResponse asked = alice.put("/api/me/email", object({{"email", "bob@example.org"}, {"password", kPassword}}));
    CHECK(asked.status == 202);
    CHECK(json_text(parse_json(asked.body), "status") == "verification_sent");
    one_mail(site, "bob@example.org", "email_taken");
    CHECK(site.sql("SELECT COUNT(*) FROM account_tokens WHERE purpose = 'change_email'") == "0");
    CHECK(site.sql("SELECT email FROM accounts ORDER BY id") == "alice@example.org");
}

TEST_CASE("a_scheduled_or_changed_window_is_announced_to_every_verified_account_once") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    verified_account(site, client, "alice@example.org");
    REQUIRE(client.post("/api/accounts", account("bob@example.org", "fr")).status == 202);  // not verified
    const std::vector<std::string> schedule = {"window", "set", "--opens-at", "2099-06-01T08:30:00Z", "--closes-at",
                                               "2099-06-01T20:00:00Z", "--places"};
    std::vector<std::string> ten = schedule, twelve = schedule;
    ten.push_back("10");
    twelve.push_back("12");
    REQUIRE(site.admin(ten) == 0);
    MailFile notice = one_mail(site, "alice@example.org", "window_notice");
    CHECK(notice.text.find("Places: 10") != std::string::npos);
    // In the program's zone (db/program.json: America/Montreal, daylight time
    // in June), named, with UTC beside: converted by the mailer inside its
    // sandbox, where the zone folder is out of reach.
    CHECK(notice.text.find("Opens: Monday 1 June 2099 at 04:30, Montreal time (2099-06-01 08:30 UTC)") !=
          std::string::npos);
    CHECK(notice.text.find("Closes: Monday 1 June 2099 at 16:00, Montreal time (2099-06-01 20:00 UTC)") !=
          std::string::npos);
    std::string mailer_log = read_file(site.data() + "/logs/mailer.log").value_or("");
    CHECK(mailer_log.find("\"event\":\"sandbox\"") != std::string::npos);
    CHECK(mailer_log.find("sandbox_off") == std::string::npos);
    // The same settings again tell nobody; a change tells again.
    REQUIRE(site.admin(ten) == 0);
    CHECK(site.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'window_notice'") == "1");
    REQUIRE(site.admin(twelve) == 0);
    MailFile changed = one_mail(site, "alice@example.org", "window_notice", 2);
    CHECK(changed.text.find("Places: 12") != std::string::npos);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    CHECK(count_mail(site, "bob@example.org", "window_notice") == 0);
    CHECK(site.sql("SELECT COUNT(*) FROM outbox WHERE kind = 'window_notice'") == "2");
}

TEST_CASE("an_unverified_account_cannot_upload_or_claim_even_with_a_session") {
    Site site(kQuickSite);
    HttpClient client(site.url());
    Candidate candidate = create_logged_in_candidate(site, client);
    site.sql("UPDATE accounts SET verified_at = NULL WHERE id = " + std::to_string(candidate.id));
    HttpResponse document = upload(client, "passport", test::valid_pdf(2000));
    CHECK(document.status == 403);
    CHECK(is_error(document.body, "email_unverified"));
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    HttpResponse claim = client.post("/api/claim", "");
    CHECK(claim.status == 403);
    CHECK(is_error(claim.body, "email_unverified"));
    CHECK(site.sql("SELECT COUNT(*) FROM claims") == "0");
    CHECK(site.sql("SELECT COUNT(*) FROM documents") == "0");
}
