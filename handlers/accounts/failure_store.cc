#include "accounts/failure_store.h"

#include "crypto/digest.h"

namespace guichet::accounts {

void record_account_failure(Db& db, int64_t account_id, int64_t now) {
    db.prepare(
          "UPDATE accounts SET failed_logins = CASE WHEN last_failed_at < ?2 - ?3 THEN 1 ELSE failed_logins + 1 END, "
          "last_failed_at = ?2 WHERE id = ?1")
        .bind(1, account_id)
        .bind(2, now)
        .bind(3, kFailureMemoryMs)
        .run();
}

Failures unknown_address_failures(Db& db, const std::string& email) {
    std::string key = sha256(email);
    Stmt stmt = db.prepare("SELECT failures, last_failed_at FROM login_failures WHERE email_hash = ?1");
    stmt.bind_blob(1, key.data(), key.size());
    Failures failures;
    if (stmt.step()) failures = Failures{stmt.int64(0), stmt.int64(1)};
    return failures;
}

void record_unknown_address_failure(Db& db, const std::string& email, int64_t now) {
    db.prepare("DELETE FROM login_failures WHERE last_failed_at < ?1").bind(1, now - kFailureMemoryMs).run();
    std::string key = sha256(email);
    db.prepare(
          "INSERT INTO login_failures (email_hash, failures, last_failed_at) VALUES (?1, 1, ?2) "
          "ON CONFLICT (email_hash) DO UPDATE SET failures = failures + 1, last_failed_at = ?2")
        .bind_blob(1, key.data(), key.size())
        .bind(2, now)
        .run();
}

}  // namespace guichet::accounts
