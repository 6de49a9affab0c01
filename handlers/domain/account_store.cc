#include "domain/account_store.h"

namespace guichet::accounts {

namespace {

Account read_account(const Stmt& stmt) {
    Account account;
    account.id = stmt.int64(0);
    account.email = stmt.text(1);
    account.name = stmt.text(2);
    account.lang = stmt.text(3);
    account.password_hash = stmt.text(4);
    account.verified = !stmt.is_null(5);
    return account;
}

// The one account the statement (bound by the caller) finds, if any.
std::optional<Account> first_account(Stmt& stmt) {
    if (!stmt.step()) return std::nullopt;
    return read_account(stmt);
}

}  // namespace

std::optional<Account> find_account_by_email(Db& db, const std::string& email) {
    Stmt stmt = db.prepare("SELECT id, email, name, lang, password_hash, verified_at FROM accounts WHERE email = ?1");
    stmt.bind(1, email);
    return first_account(stmt);
}

std::optional<Account> find_account_by_id(Db& db, int64_t id) {
    Stmt stmt = db.prepare("SELECT id, email, name, lang, password_hash, verified_at FROM accounts WHERE id = ?1");
    stmt.bind(1, id);
    return first_account(stmt);
}

bool email_exists(Db& db, const std::string& email) {
    Stmt stmt = db.prepare("SELECT 1 FROM accounts WHERE email = ?1");
    stmt.bind(1, email);
    bool found = stmt.step();
    return found;
}

int64_t insert_account(Db& db, const Account& account, int64_t now) {
    db.prepare(
          "INSERT INTO accounts (email, name, lang, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, account.email)
        .bind(2, account.name)
        .bind(3, account.lang)
        .bind(4, account.password_hash)
        .bind(5, now)
        .run();
    return db.last_insert_id();
}

void record_successful_login(Db& db, int64_t id, const std::string& new_hash) {
    if (!new_hash.empty()) {
        db.prepare("UPDATE accounts SET password_hash = ?2 WHERE id = ?1").bind(1, id).bind(2, new_hash).run();
    }
}

void mark_verified(Db& db, int64_t id, int64_t now) {
    db.prepare("UPDATE accounts SET verified_at = ?2 WHERE id = ?1 AND verified_at IS NULL").bind(1, id).bind(2, now).run();
}

void set_password_hash(Db& db, int64_t id, const std::string& hash) {
    db.prepare("UPDATE accounts SET password_hash = ?2 WHERE id = ?1").bind(1, id).bind(2, hash).run();
}

bool change_email(Db& db, int64_t id, const std::string& email, int64_t now) {
    if (email_exists(db, email)) return false;
    db.prepare("UPDATE accounts SET email = ?2, verified_at = COALESCE(verified_at, ?3) WHERE id = ?1")
        .bind(1, id)
        .bind(2, email)
        .bind(3, now)
        .run();
    return true;
}

}  // namespace guichet::accounts
