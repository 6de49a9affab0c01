// The candidates' accounts table, read and written with prepared statements
// only (the accounts handler, and guichet-admin account).
// Callers hold the transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/db.h"

namespace guichet::accounts {

struct Account {
    int64_t id = 0;
    std::string email;  // trimmed and lowercased
    std::string name;
    std::string lang;   // "fr" or "en"
    std::string password_hash;
    bool verified = false;  // the owner followed a link sent to the address
};

std::optional<Account> find_account_by_email(Db& db, const std::string& email);
std::optional<Account> find_account_by_id(Db& db, int64_t id);
bool email_exists(Db& db, const std::string& email);
// Inserts and returns the new id.
int64_t insert_account(Db& db, const Account& account, int64_t now);
// After a login: replaces the stored hash when new_hash is not empty (a cost
// raised since). Failed logins are counted by domain/login_throttle.h.
void record_successful_login(Db& db, int64_t id, const std::string& new_hash);
// The owner followed a link sent to the address (a no-op once verified).
void mark_verified(Db& db, int64_t id, int64_t now);
// A password reset: the new hash (the sessions are revoked by the caller).
void set_password_hash(Db& db, int64_t id, const std::string& hash);
// A change of address, once the new one is verified. False when another
// account has taken that address in the meantime.
bool change_email(Db& db, int64_t id, const std::string& email, int64_t now);

}  // namespace guichet::accounts
