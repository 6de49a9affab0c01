// The messages about an account and the intake window, in French and in
// English (the account's language): the links that verify an address, reset
// a password or confirm a change of address, the notices that follow
// (password changed, address changed, address already taken), and the
// notice of the window's schedule. Plain text carries everything; the HTML
// part says the same with a heading, paragraphs and a plain link.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/mail_templates.h"

namespace guichet {

// What a message says beyond the recipient: the link (for the kinds that
// carry one), its lifetime, and the addresses a change of address involves.
struct AccountMailFacts {
    std::string link;            // {origin}/verify-email.html?token=... or /reset-password.html?token=...
    int64_t link_minutes = 0;    // how long the link works
    std::string new_email;       // email_changed, change_email
};

// A message from its words, in the recipient's language: the greeting, the
// paragraphs before the link, the link with its label (none when `link` is
// empty), the paragraphs after, the program's name and the closing line; as
// text, and the same as HTML. Every account and review message is one.
Mail notice_mail(const Program& program, const MailSite& site, const MailRecipient& to, const std::string& subject,
                 const std::vector<std::string>& before, const std::string& link_label, const std::string& link,
                 const std::vector<std::string>& after);

// kind: verify_email, account_exists, password_reset, password_changed,
// change_email, email_changed, email_taken. Throws std::invalid_argument for
// another kind.
Mail account_mail(const std::string& kind, const Program& program, const MailSite& site, const MailRecipient& to,
                  const AccountMailFacts& facts);

struct WindowNoticeFacts {
    int64_t opens_at = 0;  // ms since the epoch
    int64_t closes_at = 0;
    int64_t places_total = 0;
    std::string policy;    // fcfs or lottery
};
// Opening and closing in the program's zone, named, with UTC beside them.
Mail window_notice_mail(const Program& program, const MailSite& site, const MailRecipient& to,
                        const WindowNoticeFacts& facts);

}  // namespace guichet
