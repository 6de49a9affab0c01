// From an outbox row to the message's bytes: the mailer reads the facts the
// kind needs (the account, and for claim_receipt the claim with its receipt
// and signature) and fills the template in the account's language. Reading
// the same rows gives the same bytes, so every attempt sends the same message.
#pragma once

#include <optional>
#include <string>

#include "domain/mail_templates.h"
#include "domain/outbox.h"
#include "domain/program.h"
#include "store/db.h"

namespace guichet::mailer {

struct Composed {
    std::string to;
    std::string message_id;
    std::string bytes;
};

// nullopt when the cause is gone (the account or the claim no longer exists)
// or the kind is unknown: such a message is dropped, never retried. Runs its
// reads in the caller's read transaction.
std::optional<Composed> compose(Db& db, const Program& program, const MailSite& site, const OutboxMessage& message);

// The domain part of the site's origin (https://example.org:8443 -> example.org).
std::string origin_domain(const std::string& origin);

}  // namespace guichet::mailer
