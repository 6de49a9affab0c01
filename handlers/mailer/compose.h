// From an outbox row to the message's bytes: the mailer reads the facts the
// kind needs (the account; for claim_receipt the claim with its receipt and
// signature; for a link its row; for window_notice the window) and fills the
// template in the account's language. Reading
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

// nullopt when the cause is gone (the account, the claim or the window no
// longer exists; a link followed, retired or expired; a window notice
// superseded by a newer one) or the kind is unknown: such a message is
// dropped, never retried. Runs in the caller's transaction, which must be a
// write one for the kinds that carry a link (writes_on_compose): composing
// them records the link's hash (domain/account_tokens.h). link_key is the
// mailer's key (keys/mail-link.key).
std::optional<Composed> compose(Db& db, const Program& program, const MailSite& site, const OutboxMessage& message,
                                const std::string& link_key, int64_t now);
bool writes_on_compose(const std::string& kind);

// The domain part of the site's origin (https://example.org:8443 -> example.org).
std::string origin_domain(const std::string& origin);

}  // namespace guichet::mailer
