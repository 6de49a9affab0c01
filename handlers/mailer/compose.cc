#include "mailer/compose.h"

#include "domain/account_mail.h"
#include "domain/account_store.h"
#include "domain/account_tokens.h"
#include "domain/review_mail.h"
#include "domain/window.h"

namespace guichet::mailer {

namespace {

struct Addressed {
    std::string to;
    Mail mail;
};

std::optional<Mail> claim_receipt(Db& db, const Program& program, const MailSite& site, const MailRecipient& to,
                                  const OutboxMessage& message) {
    Stmt stmt = db.prepare("SELECT receipt, signature FROM claims WHERE rank = ?1 AND account_id = ?2");
    stmt.bind(1, message.ref).bind(2, message.account_id);
    if (!stmt.step()) return std::nullopt;
    std::string receipt = stmt.text(0);
    std::optional<std::string> signature;
    if (!stmt.is_null(1)) signature = stmt.text(1);
    return claim_receipt_mail(program, site, to, receipt, signature);
}

// Only the newest notice of the schedule is sent: an older one still queued
// for the account is superseded, and every notice shows the schedule as it is.
std::optional<Mail> window_notice(Db& db, const Program& program, const MailSite& site, const MailRecipient& to,
                                  const OutboxMessage& message) {
    Stmt newer = db.prepare("SELECT 1 FROM outbox WHERE kind = 'window_notice' AND account_id = ?1 AND ref > ?2");
    newer.bind(1, message.account_id).bind(2, message.ref);
    if (newer.step()) return std::nullopt;
    std::optional<Window> window = load_window(db);
    if (!window) return std::nullopt;
    return window_notice_mail(program, site, to, {window->opens_at, window->closes_at, window->places_total, window->policy});
}

// The messages of review and promotion. A promotion whose offer has expired
// by the time the mailer reaches it is not sent (the place is no longer
// theirs; offer_expired follows). ref: the offer's id (promotion,
// offer_expired) or the claim's rank (review_rejected).
std::optional<Mail> review_message(Db& db, const Program& program, const MailSite& site, const MailRecipient& to,
                                   const OutboxMessage& message) {
    ReviewMailFacts facts;
    if (message.kind == "review_rejected") {
        Stmt stmt = db.prepare(
            "SELECT r.reason FROM reviews r JOIN claims c ON c.claim_id = r.claim_id "
            "WHERE c.rank = ?1 AND c.account_id = ?2 AND r.decision = 'rejected'");
        stmt.bind(1, message.ref).bind(2, message.account_id);
        if (!stmt.step()) return std::nullopt;
        facts.reason = stmt.text(0);
    } else {
        Stmt stmt = db.prepare(
            "SELECT o.confirm_by, o.expired_at IS NOT NULL FROM offers o JOIN claims c ON c.claim_id = o.claim_id "
            "WHERE o.id = ?1 AND c.account_id = ?2");
        stmt.bind(1, message.ref).bind(2, message.account_id);
        if (!stmt.step()) return std::nullopt;
        if (message.kind == "promotion" && stmt.int64(1) != 0) return std::nullopt;
        facts.confirm_by = stmt.int64(0);
    }
    return review_mail(message.kind, program, site, to, facts);
}

// The messages about an account's links and addresses. A link is derived from
// the mailer's key and its row, and the row receives the link's hash (the
// caller's write transaction); a link that was followed, retired or has
// expired is not sent.
std::optional<Addressed> link_message(Db& db, const Program& program, const MailSite& site, MailRecipient to,
                                      const OutboxMessage& message, const std::string& link_key, int64_t now) {
    std::optional<AccountToken> token = find_token(db, message.ref);
    if (!token || token->account_id != message.account_id) return std::nullopt;
    AccountMailFacts facts;
    facts.link_minutes = link_lifetime_ms(token->purpose) / 60000;
    const std::string& kind = message.kind;
    if (carries_link(kind)) {
        if (token->used || now >= token->expires_at) return std::nullopt;
        std::string value = link_token(link_key, *token);
        set_token_hash(db, token->id, link_token_hash(value));
        const char* page = token->purpose == TokenPurpose::reset ? "/reset-password.html" : "/verify-email.html";
        facts.link = site.origin + page + "?token=" + value;
    }
    // To the address the link was made for, whatever the account's address is
    // by the time the mailer gets to it (a change of address may have come
    // between): for change_email the new address, to be verified.
    to.email = token->email;
    if (kind == "email_changed") {
        if (token->previous_email.empty()) return std::nullopt;
        to.email = token->previous_email;  // the old address is told
        facts.new_email = token->email;
    }
    return Addressed{to.email, account_mail(kind, program, site, to, facts)};
}

}  // namespace

std::string origin_domain(const std::string& origin) {
    std::string rest = origin.substr(origin.find("://") == std::string::npos ? 0 : origin.find("://") + 3);
    rest = rest.substr(0, rest.find('/'));
    if (!rest.empty() && rest.front() == '[') return rest.substr(0, rest.find(']') + 1);
    rest = rest.substr(0, rest.find(':'));
    return rest.empty() ? "localhost" : rest;
}

bool writes_on_compose(const std::string& kind) { return carries_link(kind); }

std::optional<Composed> compose(Db& db, const Program& program, const MailSite& site, const OutboxMessage& message,
                                const std::string& link_key, int64_t now) {
    std::optional<accounts::Account> account = accounts::find_account_by_id(db, message.account_id);
    if (!account) return std::nullopt;
    MailRecipient to{account->email, account->name, account->lang == "en" ? Lang::en : Lang::fr};
    std::optional<Addressed> addressed;
    if (message.kind == "claim_receipt") {
        if (std::optional<Mail> mail = claim_receipt(db, program, site, to, message)) addressed = Addressed{to.email, *mail};
    } else if (message.kind == "window_notice") {
        if (std::optional<Mail> mail = window_notice(db, program, site, to, message)) addressed = Addressed{to.email, *mail};
    } else if (message.kind == "promotion" || message.kind == "review_rejected" || message.kind == "offer_expired") {
        if (std::optional<Mail> mail = review_message(db, program, site, to, message)) addressed = Addressed{to.email, *mail};
    } else if (message.kind == "email_taken") {
        addressed = Addressed{to.email, account_mail(message.kind, program, site, to, {})};
    } else if (message.kind == "email_changed" || message.kind == "password_changed" || writes_on_compose(message.kind)) {
        addressed = link_message(db, program, site, to, message, link_key, now);
    }
    if (!addressed) return std::nullopt;
    Mail& mail = addressed->mail;
    mail.to = addressed->to;
    mail.message_id = message_id(message, origin_domain(site.origin));
    mail.date_ms = message.created_at;
    return Composed{addressed->to, mail.message_id, render_mail(mail)};
}

}  // namespace guichet::mailer
