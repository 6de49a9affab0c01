// Messages as bytes: headers, encodings, and the same bytes every time.
#include <doctest/doctest.h>

#include "base/encoding.h"
#include "domain/mail_message.h"

using namespace guichet;

namespace {

Mail sample() {
    Mail mail;
    mail.from_name = "Programme régulier";
    mail.from_address = "no-reply@example.org";
    mail.to = "a@example.org";
    mail.subject = "Accusé de réception";
    mail.message_id = "<claim_receipt.1.2@example.org>";
    mail.date_ms = 1796305153000;  // 2026-12-03T13:39:13Z
    mail.lang = "fr";
    mail.text = "Bonjour é,\nle lien : https://example.org/verify.html?token=abc\n";
    mail.html = "<p>Bonjour</p>\n";
    return mail;
}

}  // namespace

TEST_CASE("quoted_printable_keeps_ascii_escapes_the_rest_and_breaks_long_lines") {
    CHECK(quoted_printable("a=b é") == "a=3Db =C3=A9");
    CHECK(quoted_printable("trailing \nx") == "trailing=20\r\nx");
    std::string encoded = quoted_printable(std::string(200, 'x'));
    size_t start = 0;
    while (start < encoded.size()) {
        size_t end = encoded.find("\r\n", start);
        if (end == std::string::npos) end = encoded.size();
        CHECK(end - start <= 76);
        start = end + 2;
    }
    CHECK(encoded.find("=\r\n") != std::string::npos);
}

TEST_CASE("quoted_printable_never_writes_a_boundary_like_line") {
    // A candidate's name that tries to end a MIME part.
    std::string encoded = quoted_printable("--=_alt.forged\n--=_mix.forged--");
    CHECK(encoded.find("--=_") == std::string::npos);
}

TEST_CASE("non_ascii_headers_are_encoded_words_of_whole_characters") {
    CHECK(header_text("Plain ASCII") == "Plain ASCII");
    std::string encoded = header_text("Accusé de réception");
    CHECK(encoded.rfind("=?UTF-8?B?", 0) == 0);
    std::string long_text;
    for (int i = 0; i < 40; ++i) long_text += "é";
    std::string folded = header_text(long_text);
    size_t start = 0, words = 0;
    while (start < folded.size()) {
        size_t end = folded.find("\r\n ", start);
        if (end == std::string::npos) end = folded.size();
        std::string word = folded.substr(start, end - start);
        CHECK(word.size() <= 75);
        auto bytes = base64_decode(word.substr(10, word.size() - 12));
        REQUIRE(bytes);
        CHECK(bytes->size() % 2 == 0);  // é is two bytes: never cut in half
        ++words;
        start = end + 3;
    }
    CHECK(words >= 2);
    CHECK(header_text("a\r\nBcc: x@y").find('\n') == std::string::npos);  // no header injection
}

TEST_CASE("the_date_is_rfc_5322_in_utc") { CHECK(rfc5322_date(1796305153000) == "Thu, 03 Dec 2026 13:39:13 +0000"); }

TEST_CASE("a_message_renders_to_the_same_bytes_every_time") {
    Mail mail = sample();
    CHECK(render_mail(mail) == render_mail(mail));
    std::string bytes = render_mail(mail);
    CHECK(bytes.find("Message-ID: <claim_receipt.1.2@example.org>\r\n") != std::string::npos);
    CHECK(bytes.find("Date: Thu, 03 Dec 2026 13:39:13 +0000\r\n") != std::string::npos);
    CHECK(bytes.find("Content-Type: multipart/alternative;") != std::string::npos);
    CHECK(bytes.find("token=3Dabc") != std::string::npos);
    for (size_t at = bytes.find('\n'); at != std::string::npos; at = bytes.find('\n', at + 1)) {
        REQUIRE(at > 0);
        CHECK(bytes[at - 1] == '\r');  // CRLF everywhere
    }
}

TEST_CASE("an_attachment_makes_a_mixed_message_with_a_base64_part") {
    Mail mail = sample();
    mail.attachments.push_back({"receipt.json", "application/json", "{\"receipt\":\"x\"}\n"});
    std::string bytes = render_mail(mail);
    CHECK(bytes.find("Content-Type: multipart/mixed;") != std::string::npos);
    CHECK(bytes.find("Content-Disposition: attachment; filename=\"receipt.json\"") != std::string::npos);
    CHECK(bytes.find(base64_encode("{\"receipt\":\"x\"}\n")) != std::string::npos);
}

TEST_CASE("a_header_of_bytes_that_are_not_utf8_is_still_encoded_and_ends") {
    // Found by tests/fuzz/mail_fuzz.cc: 45 continuation bytes in a row once
    // kept the cut from moving on.
    std::string text(100, static_cast<char>(0x80));
    std::string encoded = header_text(text);
    CHECK(encoded.rfind("=?UTF-8?B?", 0) == 0);
    CHECK(encoded.size() < 400);
}
