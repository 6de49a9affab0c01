#include "mailer/compose.h"

#include "domain/account_store.h"

namespace guichet::mailer {

std::string origin_domain(const std::string& origin) {
    std::string rest = origin.substr(origin.find("://") == std::string::npos ? 0 : origin.find("://") + 3);
    rest = rest.substr(0, rest.find('/'));
    if (!rest.empty() && rest.front() == '[') return rest.substr(0, rest.find(']') + 1);
    rest = rest.substr(0, rest.find(':'));
    return rest.empty() ? "localhost" : rest;
}

std::optional<Composed> compose(Db& db, const Program& program, const MailSite& site, const OutboxMessage& message) {
    std::optional<accounts::Account> account = accounts::find_account_by_id(db, message.account_id);
    if (!account) return std::nullopt;
    MailRecipient to{account->email, account->name, account->lang == "en" ? Lang::en : Lang::fr};
    Mail mail;
    if (message.kind == "claim_receipt") {
        Stmt stmt = db.prepare("SELECT receipt, signature FROM claims WHERE rank = ?1 AND account_id = ?2");
        stmt.bind(1, message.ref).bind(2, message.account_id);
        if (!stmt.step()) return std::nullopt;
        std::string receipt = stmt.text(0);
        std::optional<std::string> signature;
        if (!stmt.is_null(1)) signature = stmt.text(1);
        mail = claim_receipt_mail(program, site, to, receipt, signature);
    } else {
        return std::nullopt;
    }
    mail.message_id = message_id(message, origin_domain(site.origin));
    mail.date_ms = message.created_at;
    return Composed{to.email, mail.message_id, render_mail(mail)};
}

}  // namespace guichet::mailer
