// Administrators: a name, a PBKDF2 password hash and a TOTP secret. Created
// and removed only from the command line (guichet-admin admin add|remove).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"
#include "crypto/random.h"

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
// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>" with a 16-byte salt.
std::string hash_admin_password(std::string_view password, uint32_t iterations, Random& random);
// Whether password matches a stored hash (constant-time compare; false for a malformed hash).
bool verify_admin_password(const std::string& stored, std::string_view password);

std::optional<AdminRecord> find_admin(Db& db, const std::string& name);
std::vector<AdminRecord> list_admins(Db& db);
// Inside the caller's write transaction. Throws ApiError("conflict") when the name is taken.
int64_t insert_admin(Db& db, const std::string& name, const std::string& password_hash,
                     const std::string& totp_secret, int64_t now);
// Removes the administrator and their sessions; false when there was none.
bool delete_admin(Db& db, const std::string& name);

}  // namespace guichet
