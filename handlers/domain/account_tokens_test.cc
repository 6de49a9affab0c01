// Links sent by email and the limits on asking for them, on a real migrated
// database; and the words of every account message in both languages.
#include <doctest/doctest.h>

#include <set>

#include "base/encoding.h"
#include "crypto/digest.h"
#include "domain/account_mail.h"
#include "domain/account_tokens.h"
#include "domain/login_throttle.h"
#include "domain/mail_message.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

struct TokenDb {
    test::TempDir dir{"tokens"};
    std::unique_ptr<Db> db = std::make_unique<Db>(test::migrated_db(dir.path));
    TokenDb() {
        db->exec("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES "
                 "(1, 'a@example.org', 'A', 'fr', 'x', 0)");
    }
    int64_t create(TokenPurpose purpose, int64_t now) {
        Transaction tx(*db, Transaction::write);
        int64_t id = create_token(*db, purpose, 1, "a@example.org", now);
        tx.commit();
        return id;
    }
    // The token the mailer would send, with its hash stored as the mailer does.
    std::string send(int64_t id, const std::string& key) {
        Transaction tx(*db, Transaction::write);
        std::string token = link_token(key, *find_token(*db, id));
        set_token_hash(*db, id, link_token_hash(token));
        tx.commit();
        return token;
    }
};

const std::string kKey(32, 'k');

}  // namespace

TEST_CASE("a_link_token_is_256_bits_derived_from_the_key_and_its_row_only") {
    AccountToken token;
    token.id = 7;
    token.created_at = 1000;
    std::string a = link_token(kKey, token);
    CHECK(a.size() == 43);
    CHECK(base64url_decode(a)->size() == 32);
    CHECK(link_token(kKey, token) == a);  // every attempt sends the same link
    std::set<std::string> others = {a};
    AccountToken other_id = token, other_time = token, other_purpose = token;
    other_id.id = 8;
    other_time.created_at = 1001;
    other_purpose.purpose = TokenPurpose::reset;
    others.insert(link_token(kKey, other_id));
    others.insert(link_token(kKey, other_time));
    others.insert(link_token(kKey, other_purpose));
    others.insert(link_token(std::string(32, 'j'), token));
    CHECK(others.size() == 5);
}

TEST_CASE("only_43_characters_of_base64url_hash_to_anything") {
    CHECK(link_token_hash(std::string(43, 'A')).size() == 32);
    CHECK(link_token_hash(std::string(42, 'A')).empty());
    CHECK(link_token_hash(std::string(44, 'A')).empty());
    CHECK(link_token_hash(std::string(43, '!')).empty());
    CHECK(link_token_hash("").empty());
}

TEST_CASE("a_link_is_found_by_its_hash_while_unused_and_unexpired") {
    TokenDb t;
    int64_t id = t.create(TokenPurpose::reset, 1000);
    {
        Transaction tx(*t.db, Transaction::read);
        CHECK(!find_live_token(*t.db, link_token_hash(link_token(kKey, *find_token(*t.db, id))), 1000));  // not sent yet
    }
    std::string token = t.send(id, kKey);
    CHECK(t.send(id, kKey) == token);
    std::string hash = link_token_hash(token);
    Transaction tx(*t.db, Transaction::write);
    REQUIRE(find_live_token(*t.db, hash, 1000));
    CHECK(find_live_token(*t.db, hash, 1000)->purpose == TokenPurpose::reset);
    CHECK(!find_live_token(*t.db, hash, 1000 + kResetLinkLifetimeMs));  // expired
    CHECK(!find_live_token(*t.db, "", 1000));
    CHECK(use_token(*t.db, id, 2000));
    CHECK(!use_token(*t.db, id, 2001));  // once
    CHECK(!find_live_token(*t.db, hash, 2000));
}

TEST_CASE("retiring_a_purpose_retires_only_that_accounts_unused_links_of_it") {
    TokenDb t;
    int64_t reset = t.create(TokenPurpose::reset, 1000), verify = t.create(TokenPurpose::verify, 1000);
    std::string reset_token = t.send(reset, kKey), verify_token = t.send(verify, kKey);
    Transaction tx(*t.db, Transaction::write);
    retire_tokens(*t.db, 1, TokenPurpose::reset, 1500);
    CHECK(!find_live_token(*t.db, link_token_hash(reset_token), 1600));
    CHECK(find_live_token(*t.db, link_token_hash(verify_token), 1600));
}

TEST_CASE("mail_requests_are_limited_per_address_silently_and_per_client_with_a_wait") {
    TokenDb t;
    Transaction tx(*t.db, Transaction::write);
    int64_t now = 10'000'000;
    for (int i = 0; i < kMailsPerAddressPerHour; ++i) {
        CHECK(record_mail_request(*t.db, "a@example.org", "10.0.0." + std::to_string(i), now + i).send);
    }
    MailAllowance fourth = record_mail_request(*t.db, "a@example.org", "10.0.0.9", now + 10);
    CHECK(!fourth.send);
    CHECK(fourth.retry_after_s == 0);
    // An hour later the address has its share again.
    CHECK(record_mail_request(*t.db, "a@example.org", "10.0.0.9", now + 3600 * 1000 + 11).send);
    for (int i = 0; i < kMailRequestsPerClientPerHour; ++i) {
        CHECK(record_mail_request(*t.db, "u" + std::to_string(i) + "@example.org", "10.1.1.1", now).retry_after_s == 0);
    }
    MailAllowance limited = record_mail_request(*t.db, "last@example.org", "10.1.1.1", now + 1000);
    CHECK(!limited.send);
    CHECK(limited.retry_after_s == 3599);
}

TEST_CASE("mail_requests_take_a_hashed_subject_on_both_backends") {
    TokenDb t;
    Transaction tx(*t.db, Transaction::write);
    std::string subject = candidate_subject("a@example.org");  // 32 bytes, not UTF-8
    CHECK(record_mail_request(*t.db, subject, "10.0.0.1", 1000).send);
    Stmt stored = t.db->prepare("SELECT subject FROM mail_requests");
    REQUIRE(stored.step());
    CHECK(stored.text(0) == hex_encode(subject));
}

TEST_CASE("every_account_message_has_its_words_in_both_languages_and_no_placeholder_left") {
    Program program = load_program("db/program.json");
    MailSite site{"https://guichet.example", "no-reply@guichet.example"};
    for (const char* kind : {"verify_email", "account_exists", "password_reset", "password_changed", "change_email",
                             "email_changed", "email_taken"}) {
        std::set<std::string> subjects;
        for (Lang lang : {Lang::fr, Lang::en}) {
            AccountMailFacts facts{"https://guichet.example/verify-email.html?token=abc", 60, "new@example.org"};
            Mail mail = account_mail(kind, program, site, {"a@example.org", "Émilie", lang}, facts);
            CAPTURE(kind);
            CHECK(mail.text.find('{') == std::string::npos);
            CHECK(mail.html.find("<html lang=\"" + std::string(lang == Lang::fr ? "fr" : "en") + "\">") !=
                  std::string::npos);
            CHECK(mail.text.find(lang == Lang::fr ? "Bonjour Émilie," : "Hello Émilie,") != std::string::npos);
            bool has_link = mail.text.find(facts.link) != std::string::npos;
            CHECK(has_link == (std::string(kind) == "verify_email" || std::string(kind) == "account_exists" ||
                               std::string(kind) == "password_reset" || std::string(kind) == "change_email"));
            subjects.insert(mail.subject);
            CHECK(!render_mail(mail).empty());
        }
        CHECK(subjects.size() == 2);
    }
    CHECK_THROWS(account_mail("nonsense", program, site, {"a@example.org", "A", Lang::fr}, {}));
}

TEST_CASE("the_window_notice_gives_the_schedule_in_the_program_zone_with_utc_beside") {
    Program program = load_program("db/program.json");
    MailSite site{"https://guichet.example", "no-reply@guichet.example"};
    // 2026-02-16 13:30 UTC is 8:30 in Montreal (EST, UTC-5); 04:59 UTC on the 17th is 23:59 on the 16th.
    Mail mail = window_notice_mail(program, site, {"a@example.org", "A", Lang::fr},
                                   {1771248600000, 1771304399000, 2800, "fcfs"});
    CHECK(mail.text.find("Ouverture : lundi 16 février 2026 à 08 h 30, heure de Montréal (2026-02-16 13:30 UTC)") !=
          std::string::npos);
    CHECK(mail.text.find("Fermeture : lundi 16 février 2026 à 23 h 59, heure de Montréal (2026-02-17 04:59 UTC)") !=
          std::string::npos);
    CHECK(mail.html.find("heure de Montréal") != std::string::npos);
    CHECK(mail.text.find("Places : 2800") != std::string::npos);
    CHECK(mail.text.find("ordre d'arrivée") != std::string::npos);
}

TEST_CASE("the_window_notice_in_summer_follows_daylight_saving_time") {
    Program program = load_program("db/program.json");
    MailSite site{"https://guichet.example", "no-reply@guichet.example"};
    // 2026-07-01 12:30 UTC is 8:30 in Montreal (EDT, UTC-4).
    Mail mail = window_notice_mail(program, site, {"a@example.org", "A", Lang::en},
                                   {1782909000000, 1782950400000, 10, "lottery"});
    CHECK(mail.text.find("Opens: Wednesday 1 July 2026 at 08:30, Montreal time (2026-07-01 12:30 UTC)") !=
          std::string::npos);
    CHECK(mail.text.find("Closes: Wednesday 1 July 2026 at 20:00, Montreal time (2026-07-02 00:00 UTC)") !=
          std::string::npos);
    Mail fr = window_notice_mail(program, site, {"a@example.org", "A", Lang::fr}, {1782909000000, 1782950400000, 10, "fcfs"});
    CHECK(fr.text.find("Ouverture : mercredi 1er juillet 2026 à 08 h 30, heure de Montréal") != std::string::npos);
}

TEST_CASE("the_window_notice_of_a_utc_program_shows_utc_alone") {
    Program program = load_program("db/program.json");
    program.time_zone = "UTC";
    MailSite site{"https://guichet.example", "no-reply@guichet.example"};
    Mail mail = window_notice_mail(program, site, {"a@example.org", "A", Lang::en},
                                   {1771248600000, 1771290000000, 2800, "fcfs"});
    CHECK(mail.text.find("Opens: 2026-02-16 13:30 UTC\n") != std::string::npos);
}
