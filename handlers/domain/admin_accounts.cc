#include "domain/admin_accounts.h"

#include "base/api_error.h"

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

std::optional<AdminRecord> find_admin(Db& db, const std::string& name) {
    Stmt stmt = db.prepare(
        "SELECT id, name, password_hash, totp_secret, last_totp_step, created_at FROM admins WHERE name = ?1");
    stmt.bind(1, name);
    std::optional<AdminRecord> out;
    if (stmt.step()) out = record_from(stmt);
    return out;
}

std::optional<AdminRecord> find_admin_by_id(Db& db, int64_t id) {
    Stmt stmt = db.prepare(
        "SELECT id, name, password_hash, totp_secret, last_totp_step, created_at FROM admins WHERE id = ?1");
    stmt.bind(1, id);
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
    if (find_admin(db, name)) throw ApiError(Err::conflict, "admin " + name + " exists");
    db.prepare("INSERT INTO admins (name, password_hash, totp_secret, created_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, name)
        .bind(2, password_hash)
        .bind_blob(3, totp_secret.data(), totp_secret.size())
        .bind(4, now)
        .run();
    return db.last_insert_id();
}

void update_admin_password(Db& db, int64_t id, const std::string& password_hash) {
    db.prepare("UPDATE admins SET password_hash = ?2 WHERE id = ?1").bind(1, id).bind(2, password_hash).run();
}

bool delete_admin(Db& db, const std::string& name) {
    db.prepare("DELETE FROM admins WHERE name = ?1").bind(1, name).run();
    return db.changes() > 0;
}

}  // namespace guichet
