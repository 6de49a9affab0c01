// The messages a test site's mailer wrote (no GUICHET_SMTP_URL: one .eml file
// per message in <data>/mail, or a maildir an SMTP server wrote), read the way
// a person reads them: the text part decoded, and the links in it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/integration/http.h"
#include "tests/integration/site.h"

namespace guichet::test {

struct MailFile {
    std::string path;
    std::string to;          // the bare address
    std::string kind;        // from the Message-ID: <kind.id.created_at@...>
    int64_t outbox_id = 0;
    std::string text;        // the text/plain part, quoted-printable decoded
    std::string raw;
};

// Every message in the folder, oldest outbox row first.
std::vector<MailFile> read_mailbox(const std::string& folder);
// Waits (at most `seconds`: a loaded machine, a sanitized build) until the folder holds at least `count` messages
// to `to` of `kind`, and returns them, oldest first.
std::vector<MailFile> wait_for_mail(const std::string& folder, const std::string& to, const std::string& kind,
                                    size_t count = 1, int seconds = 40);
// The first line of the text that starts with `prefix` (a link), or "".
std::string link_in(const MailFile& mail, const std::string& prefix);
// The token of the first link to `page` (verify-email.html, reset-password.html).
std::string token_in(const MailFile& mail, const std::string& page);

// Follows the newest verification link sent to `email` on the site: POST
// /api/accounts/verify with its token; returns the answer.
HttpResponse verify_from_mail(const Site& site, const std::string& email, size_t count = 1);

}  // namespace guichet::test
