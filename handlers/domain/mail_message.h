// One email as bytes (RFC 5322, MIME): the parts a template fills in, made
// into a message the same way every time, so that a retry sends the same
// bytes and the same Message-ID. Text and HTML are quoted-printable (so no
// line of a candidate's own text can look like a MIME boundary, and no line
// is too long for SMTP), attachments base64, non-ASCII headers RFC 2047.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace guichet {

struct MailAttachment {
    std::string filename;      // ASCII, e.g. "receipt.json"
    std::string content_type;  // e.g. "application/json"
    std::string bytes;
};

struct Mail {
    std::string from_name;     // display name, UTF-8
    std::string from_address;  // no-reply@example.org
    std::string to;            // a validated address
    std::string subject;       // UTF-8
    std::string message_id;    // <...@...>
    int64_t date_ms = 0;
    std::string lang;          // "fr" or "en": Content-Language
    std::string text;          // UTF-8, lines separated by \n
    std::string html;          // UTF-8: a whole document
    std::vector<MailAttachment> attachments;
};

// The message, CRLF line ends throughout.
std::string render_mail(const Mail& mail);

// Quoted-printable (RFC 2045 6.7) of UTF-8 text with \n line ends: CRLF line
// ends, soft breaks keeping every line within 76 characters.
std::string quoted_printable(const std::string& text);
// A header value: as it is when printable ASCII, else RFC 2047 encoded words.
std::string header_text(const std::string& text);
// "Thu, 03 Dec 2026 13:45:00 +0000"
std::string rfc5322_date(int64_t ms);

}  // namespace guichet
