// The outbox and the mailer pool through the real site: a claim's
// confirmation as an .eml file (no SMTP server), then over SMTP to a real
// server (Debian's python3-aiosmtpd writing a maildir), a server that is down
// and comes back, and a mailer killed while it sends: nothing lost, and a
// message sent twice keeps its Message-ID.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <thread>

#include "base/encoding.h"
#include "base/files.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/mailbox.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> files_in(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) names.push_back(entry.path().string());
    return names;
}

// Waits until `folder` holds `count` files (at most `seconds`).
std::vector<std::string> wait_for_files(const std::string& folder, size_t count, int seconds = 40) {
    for (int i = 0; i < seconds * 20 && files_in(folder).size() < count; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return files_in(folder);
}

std::string header(const std::string& message, const std::string& name) {
    size_t at = message.find("\r\n" + name + ": ");
    if (at == std::string::npos) at = message.find("\n" + name + ": ");
    if (at == std::string::npos) return "";
    size_t start = message.find(": ", at) + 2;
    return message.substr(start, message.find_first_of("\r\n", start) - start);
}

// The base64 body of the part named filename="NAME", decoded (CRLF as the
// mailer writes it, or LF as a maildir keeps it).
std::string attachment(const std::string& crlf_message, const std::string& name) {
    std::string message;
    for (char c : crlf_message) {
        if (c != '\r') message += c;
    }
    size_t at = message.find("filename=\"" + name + "\"");
    if (at == std::string::npos) return "";
    size_t body = message.find("\n\n", at);
    size_t end = message.find("\n--", body);
    if (body == std::string::npos || end == std::string::npos) return "";
    std::string encoded;
    for (char c : message.substr(body + 2, end - body - 2)) {
        if (c != '\n') encoded += c;
    }
    return base64_decode(encoded).value_or("");
}

// claim: the candidate claims once; returns the answer's body.
std::string claim(const Site& site, const Candidate& candidate) {
    HttpClient client(site.url());
    log_in(client, candidate);
    HttpResponse response = client.post("/api/claim", "");
    REQUIRE(response.status == 201);
    return response.body;
}

// An SMTP server on `port` writing each message it accepts into a maildir
// (Debian's python3-aiosmtpd, so /usr/bin/python3 whatever python3 is first on PATH).
struct SmtpServer {
    std::string maildir;
    int pid = 0;
    SmtpServer(int port, const std::string& dir) : maildir(dir) {
        std::string command = "/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:" + std::to_string(port) +
                              " -c aiosmtpd.handlers.Mailbox " + shell_quote(dir) + " > " + shell_quote(dir + ".log") +
                              " 2>&1 & echo $!";
        std::string output;
        REQUIRE(run_command(command, &output) == 0);
        pid = std::stoi(output);
        for (int i = 0; i < 100; ++i) {  // until it listens
            if (run_command("python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", " +
                            std::to_string(port) + "), 0.2)' 2>/dev/null") == 0) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        FAIL("the SMTP server did not start");
    }
    ~SmtpServer() {
        if (pid > 0) kill(pid, SIGTERM);
    }
    std::vector<std::string> messages(size_t count, int seconds = 40) { return wait_for_files(maildir + "/new", count, seconds); }
};

}  // namespace

TEST_CASE("a_claim_sends_one_confirmation_with_the_signed_receipt_attached") {
    Site site;
    // The window first: the candidates seeded after it get no notice of it.
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 1);
    std::string answer = claim(site, candidates[0]);
    std::vector<std::string> files = wait_for_files(site.data() + "/mail", 1);
    REQUIRE(files.size() == 1);
    std::string message = read_file(files[0]).value_or("");
    CHECK(header(message, "To") == "<" + candidates[0].email + ">");
    CHECK(header(message, "Message-ID").rfind("<claim_receipt.", 0) == 0);
    CHECK(header(message, "Content-Language") == "fr");
    // The attachment is exactly what /api/claim answered: receipt and signature.
    Json attached = parse_json(attachment(message, "receipt.json"));
    Json answered = parse_json(answer);
    CHECK(json_text(attached, "receipt") == json_text(answered, "receipt"));
    CHECK(json_text(attached, "signature") == json_text(answered, "signature"));
    // The file is written before the row is marked sent: wait for the mark.
    for (int i = 0; i < 100 && site.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL") != "1"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(site.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL") == "1");
    // A second claim (a double click) is the same claim: no second message.
    HttpClient client(site.url());
    log_in(client, candidates[0]);
    CHECK(client.post("/api/claim", "").status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    CHECK(files_in(site.data() + "/mail").size() == 1);
    CHECK(site.sql("SELECT COUNT(*) FROM outbox") == "1");
}

TEST_CASE("over_smtp_a_real_server_receives_the_confirmation") {
    int port = free_port();
    std::string dir = fs::temp_directory_path().string() + "/guichet-smtp-" + std::to_string(getpid());
    fs::remove_all(dir);
    SmtpServer smtp(port, dir);
    Site site({"GUICHET_SMTP_URL=smtp://127.0.0.1:" + std::to_string(port), "GUICHET_MAIL_FROM=intake@example.org"});
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 1);
    claim(site, candidates[0]);
    std::vector<std::string> received = smtp.messages(1);
    REQUIRE(received.size() == 1);
    std::string message = read_file(received[0]).value_or("");
    CHECK(message.find("From: ") != std::string::npos);
    CHECK(message.find("<intake@example.org>") != std::string::npos);
    CHECK(header(message, "To") == "<" + candidates[0].email + ">");
    CHECK(!attachment(message, "receipt.json").empty());
    CHECK(!fs::exists(site.data() + "/mail"));  // SMTP, not the folder
    fs::remove_all(dir);
}

TEST_CASE("a_mail_server_that_is_down_gets_the_message_once_it_is_back") {
    int port = free_port();
    std::string dir = fs::temp_directory_path().string() + "/guichet-smtp-down-" + std::to_string(getpid());
    fs::remove_all(dir);
    Site site({"GUICHET_SMTP_URL=smtp://127.0.0.1:" + std::to_string(port), "GUICHET_MAIL_RETRY_SECONDS=1"});
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 3);
    for (const Candidate& candidate : candidates) claim(site, candidate);  // the claims never wait for the mail
    for (int i = 0; i < 200 && site.sql("SELECT COUNT(*) FROM outbox WHERE attempts > 0") != "3"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(site.sql("SELECT COUNT(*) FROM outbox WHERE attempts > 0 AND sent_at IS NULL") == "3");
    CHECK(site.sql("SELECT COUNT(*) FROM outbox WHERE last_error LIKE '%onnect%'") == "3");
    HttpClient operator_view(site.url());  // what the operator's dashboard reads
    std::string metrics = operator_view.get("/metrics").body;
    CHECK(metrics.find("\nguichet_mail_queued 3\n") != std::string::npos);
    CHECK(metrics.find("\nguichet_mail_failing 3\n") != std::string::npos);
    SmtpServer smtp(port, dir);  // back: every message arrives, once
    std::vector<std::string> received = smtp.messages(3, 20);
    CHECK(received.size() == 3);
    for (int i = 0; i < 100 && site.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") != "0"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(site.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == "0");
    CHECK(operator_view.get("/metrics").body.find("\nguichet_mail_queued 0\n") != std::string::npos);
    std::set<std::string> ids;
    for (const std::string& file : received) ids.insert(header(read_file(file).value_or(""), "Message-ID"));
    CHECK(ids.size() == 3);
    fs::remove_all(dir);
}

TEST_CASE("a_mailer_killed_while_it_sends_loses_no_message") {
    // 20 a second, so that the kills land mid-stream; a killed mailer's batch
    // comes back after a 1 s lease.
    Site site({"GUICHET_MAIL_PER_MINUTE=1200", "GUICHET_MAIL_LEASE_SECONDS=1"});
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "50"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 40);
    for (const Candidate& candidate : candidates) claim(site, candidate);
    for (int kill_count = 0; kill_count < 3; ++kill_count) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        for (int pid : site.workers("mailer")) kill(pid, SIGKILL);
    }
    // Each outbox row becomes exactly one file: a message sent again after a
    // kill is the same file (the same Message-ID), never a second one.
    CHECK(site.sql("SELECT COUNT(*) FROM outbox") == "40");
    std::vector<std::string> files = wait_for_files(site.data() + "/mail", 40, 30);
    CHECK(files.size() == 40);
    for (int i = 0; i < 100 && site.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") != "0"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(site.sql("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == "0");
}

TEST_CASE("over_smtp_every_kind_of_message_reaches_its_address_once") {
    int port = free_port();
    std::string dir = fs::temp_directory_path().string() + "/guichet-smtp-kinds-" + std::to_string(getpid());
    fs::remove_all(dir);
    SmtpServer smtp(port, dir);
    Site site({"GUICHET_SMTP_URL=smtp://127.0.0.1:" + std::to_string(port), "GUICHET_ARGON2_MEMORY_KIB=64",
               "GUICHET_ARGON2_PASSES=1", "GUICHET_ACCOUNT_RATE=600000r/m", "GUICHET_LOGIN_RATE=600000r/m"});
    std::string inbox = dir + "/new";
    auto body = [](std::initializer_list<std::pair<const char*, std::string>> fields) {
        Json object(json_object());
        for (const auto& [key, value] : fields) json_object_set_new(object.get(), key, json_string(value.c_str()));
        return json_dump(object.get());
    };
    auto token = [&](const std::string& to, const std::string& kind, const std::string& page) {
        std::vector<MailFile> mails = wait_for_mail(inbox, to, kind);
        REQUIRE(mails.size() == 1);
        return body({{"token", token_in(mails[0], page)}});
    };
    const std::string password = "violet tramway sous la pluie";
    HttpClient client(site.url());
    for (const char* email : {"alice@example.org", "bob@example.org"}) {
        REQUIRE(client.post("/api/accounts", body({{"email", email}, {"password", password}, {"name", "A"}, {"lang", "en"}}))
                    .status == 202);
        REQUIRE(client.post("/api/accounts/verify", token(email, "verify_email", "/verify-email.html")).status == 200);
    }
    REQUIRE(client.post("/api/accounts", body({{"email", "alice@example.org"}, {"password", password}, {"name", "A"},
                                               {"lang", "fr"}}))
                .status == 202);
    token("alice@example.org", "account_exists", "/reset-password.html");
    REQUIRE(client.post("/api/password-reset", body({{"email", "alice@example.org"}})).status == 202);
    std::string reset = token("alice@example.org", "password_reset", "/reset-password.html");
    Json confirm = parse_json(reset);
    json_object_set_new(confirm.get(), "password", json_string(password.c_str()));
    REQUIRE(client.post("/api/password-reset/confirm", json_dump(confirm.get())).status == 204);
    REQUIRE(client.post("/api/session", body({{"email", "alice@example.org"}, {"password", password}})).status == 200);
    REQUIRE(client.put("/api/me/email", body({{"email", "bob@example.org"}, {"password", password}})).status == 202);
    REQUIRE(client.put("/api/me/email", body({{"email", "alice@new.example"}, {"password", password}})).status == 202);
    REQUIRE(client.post("/api/accounts/verify", token("alice@new.example", "change_email", "/verify-email.html")).status ==
            200);
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "5"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 1);
    claim(site, candidates[0]);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"alice@example.org", "verify_email"},   {"bob@example.org", "verify_email"},
        {"alice@example.org", "account_exists"}, {"alice@example.org", "password_reset"},
        {"alice@example.org", "password_changed"}, {"bob@example.org", "email_taken"},
        {"alice@new.example", "change_email"},   {"alice@example.org", "email_changed"},
        {"alice@new.example", "window_notice"},  {"bob@example.org", "window_notice"},
        {candidates[0].email, "claim_receipt"},
    };
    std::vector<std::string> files = smtp.messages(expected.size());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // nothing more comes
    std::vector<MailFile> mails = read_mailbox(inbox);
    CHECK(mails.size() == expected.size());
    for (const auto& [to, kind] : expected) {
        CAPTURE(to);
        CAPTURE(kind);
        CHECK(wait_for_mail(inbox, to, kind, 1, 0).size() == 1);
    }
    std::set<std::string> ids;
    for (const MailFile& mail : mails) ids.insert(header("\n" + mail.raw, "Message-ID"));
    CHECK(ids.size() == mails.size());
    fs::remove_all(dir);
}
