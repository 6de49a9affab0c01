#include "domain/admin_accounts.h"

#include "base/api_error.h"
#include "crypto/digest.h"
#include "base/encoding.h"

namespace guichet {

namespace {

AdminRecord record_from(const Stmt& row) {
    return AdminRecord{row.int64(0), row.text(1), row.text(2), row.blob(3), row.int64(4), row.int64(5)};
}

}  // namespace

bool valid_admin_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string hash_admin_password(std::string_view password, uint32_t iterations, Random& random) {
    std::string salt = random.bytes(16);
    std::string hash = pbkdf2_sha256(password, salt, iterations, 32);
    return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + base64_encode(salt) + "$" + base64_encode(hash);
}

bool verify_admin_password(const std::string& stored, std::string_view password) {
    // pbkdf2-sha256$ITER$SALT$HASH
    const std::string prefix = "pbkdf2-sha256$";
    if (stored.compare(0, prefix.size(), prefix) != 0) return false;
    size_t a = prefix.size();
    size_t b = stored.find('$', a);
    if (b == std::string::npos) return false;
    size_t c = stored.find('$', b + 1);
    if (c == std::string::npos) return false;
    std::string iter_text = stored.substr(a, b - a);
    if (iter_text.empty() || iter_text.size() > 9) return false;
    for (char ch : iter_text) {
        if (ch < '0' || ch > '9') return false;
    }
    uint32_t iterations = static_cast<uint32_t>(std::stoul(iter_text));
    auto salt = base64_decode(stored.substr(b + 1, c - b - 1));
    auto hash = base64_decode(stored.substr(c + 1));
    if (!salt || !hash || hash->empty() || iterations == 0) return false;
    return equal_constant_time(pbkdf2_sha256(password, *salt, iterations, hash->size()), *hash);
}

std::optional<AdminRecord> find_admin(Db& db, const std::string& name) {
    Stmt stmt = db.prepare(
        "SELECT id, name, password_hash, totp_secret, last_totp_step, created_at FROM admins WHERE name = ?1");
    stmt.bind(1, name);
    std::optional<AdminRecord> out;
    if (stmt.step()) out = record_from(stmt);
    return out;
}

std::vector<AdminRecord> list_admins(Db& db) {
    Stmt stmt = db.prepare(
        "SELECT id, name, password_hash, totp_secret, last_totp_step, created_at FROM admins ORDER BY name");
    std::vector<AdminRecord> out;
    while (stmt.step()) out.push_back(record_from(stmt));
    return out;
}

int64_t insert_admin(Db& db, const std::string& name, const std::string& password_hash,
                     const std::string& totp_secret, int64_t now) {
    if (find_admin(db, name)) throw ApiError("conflict", "admin " + name + " exists");
    db.prepare("INSERT INTO admins (name, password_hash, totp_secret, created_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, name)
        .bind(2, password_hash)
        .bind_blob(3, totp_secret.data(), totp_secret.size())
        .bind(4, now)
        .run();
    return db.last_insert_id();
}

bool delete_admin(Db& db, const std::string& name) {
    db.prepare("DELETE FROM admins WHERE name = ?1").bind(1, name).run();
    return db.changes() > 0;
}

}  // namespace guichet
