// The messages' words, in French and in English (the account's language).
// Each builds a Mail (domain/mail_message.h) from facts the mailer read from
// the database; the text part carries everything, the HTML part says the same
// with headings and lists, for screen readers as for eyes.
#pragma once

#include <optional>
#include <string>

#include "base/api_error.h"
#include "domain/mail_message.h"
#include "domain/program.h"

namespace guichet {

struct MailSite {
    std::string origin;        // https://example.org: links in the messages
    std::string from_address;  // GUICHET_MAIL_FROM
};

struct MailRecipient {
    std::string email;
    std::string name;
    Lang lang = Lang::fr;
};

// What every message shares: the program's name as the sender's, the
// site's address, the recipient and the language; the greeting and the
// closing line; an HTML document around a body.
Mail mail_to(const Program& program, const MailSite& site, const MailRecipient& to);
std::string greeting(const MailRecipient& to);
std::string no_reply_line(Lang lang);
std::string html_document(Lang lang, const std::string& title, const std::string& body);

// After a claim: the receipt's facts in words, its exact text, and, when the
// claim was signed at once, receipt.json ({receipt, signature}, what
// /api/claim answers and guichet-verify checks) attached.
Mail claim_receipt_mail(const Program& program, const MailSite& site, const MailRecipient& to,
                        const std::string& receipt, const std::optional<std::string>& signature);

}  // namespace guichet
