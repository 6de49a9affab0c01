// The messages of review and promotion, in French and English (the account's
// language), text and HTML: `promotion` (a place is yours; confirm it before
// the deadline on the receipt page), `review_rejected` (the decision and its
// reason) and `offer_expired` (the deadline passed; the place went on).
#pragma once

#include <cstdint>
#include <string>

#include "domain/mail_templates.h"

namespace guichet {

struct ReviewMailFacts {
    int64_t confirm_by = 0;  // promotion: the deadline (ms)
    std::string reason;      // review_rejected: the reviewer's reason
};

// kind: promotion, review_rejected, offer_expired. Throws
// std::invalid_argument for another kind.
Mail review_mail(const std::string& kind, const Program& program, const MailSite& site, const MailRecipient& to,
                 const ReviewMailFacts& facts);

}  // namespace guichet
