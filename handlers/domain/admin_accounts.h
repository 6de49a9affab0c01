// Administrators: a name, a password hash (crypto/password.h, the same format
// as candidates') and a TOTP secret. Created and removed only from the command
// line (guichet-admin admin add|remove); their sessions are domain/sessions.h's
// admin kind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace guichet {

struct AdminRecord {
    int64_t id = 0;
    std::string name;
    std::string password_hash;
    std::string totp_secret;  // raw bytes
    int64_t last_totp_step = 0;
    int64_t created_at = 0;
};

// 1 to 64 of a-z 0-9 . _ - (an admin name ends up in logs and audit rows).
bool valid_admin_name(std::string_view name);

std::optional<AdminRecord> find_admin(Db& db, const std::string& name);
std::optional<AdminRecord> find_admin_by_id(Db& db, int64_t id);
std::vector<AdminRecord> list_admins(Db& db);
// Inside the caller's write transaction. Throws ApiError(Err::conflict) when the name is taken.
int64_t insert_admin(Db& db, const std::string& name, const std::string& password_hash,
                     const std::string& totp_secret, int64_t now);
// Replaces the stored password hash (a rehash at a higher cost after a login).
void update_admin_password(Db& db, int64_t id, const std::string& password_hash);
// Removes the administrator and their sessions; false when there was none.
bool delete_admin(Db& db, const std::string& name);

}  // namespace guichet
