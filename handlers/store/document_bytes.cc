#include "store/document_bytes.h"

namespace guichet::document_bytes {

void insert(Db& db, const std::string& sha256, const void* data, size_t size, int64_t now) {
    Stmt stmt = db.prepare(
        "INSERT INTO document_bytes (sha256, bytes, stored_at) VALUES (?1, ?2, ?3) ON CONFLICT (sha256) DO NOTHING");
    stmt.bind(1, sha256).bind_blob(2, data, size).bind(3, now);
    stmt.run();
}

bool present(Db& db, const std::string& sha256) {
    Stmt stmt = db.prepare("SELECT 1 FROM document_bytes WHERE sha256 = ?1");
    stmt.bind(1, sha256);
    return stmt.step();
}

bool remove(Db& db, const std::string& sha256) {
    Stmt stmt = db.prepare("DELETE FROM document_bytes WHERE sha256 = ?1");
    stmt.bind(1, sha256);
    stmt.run();
    return db.changes() > 0;
}

std::optional<std::string> read(Db& db, const std::string& sha256) {
    Stmt stmt = db.prepare("SELECT bytes FROM document_bytes WHERE sha256 = ?1");
    stmt.bind(1, sha256);
    if (!stmt.step()) return std::nullopt;
    return stmt.blob(0);
}

std::vector<std::string> unreferenced(Db& db, int64_t stored_before) {
    Stmt stmt = db.prepare(
        "SELECT sha256 FROM document_bytes b WHERE stored_at < ?1 "
        "AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = b.sha256)");
    stmt.bind(1, stored_before);
    std::vector<std::string> found;
    while (stmt.step()) found.push_back(stmt.text(0));
    return found;
}

std::set<std::string> names(Db& db) {
    Stmt stmt = db.prepare("SELECT sha256 FROM document_bytes");
    std::set<std::string> found;
    while (stmt.step()) found.insert(stmt.text(0));
    return found;
}

}  // namespace guichet::document_bytes
