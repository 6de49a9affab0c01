#include "store/migrate.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "base/clock.h"
#include "store/migrate_pg.h"

namespace guichet {

namespace {

struct DirClose {
    void operator()(DIR* dir) const { closedir(dir); }
};

void ensure_table(Db& db) {
    static const char* const kTable =
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "applied_at INTEGER NOT NULL)";
    if (db.is_postgres()) {
        db.exec(pg_migration_sql(kTable, "schema_migrations").c_str());
    } else {
        db.exec(kTable);
    }
}

std::string text_of(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace

std::vector<Migration> read_migrations(const std::string& dir) {
    std::unique_ptr<DIR, DirClose> handle(opendir(dir.c_str()));
    if (!handle) throw std::runtime_error("cannot open migrations folder " + dir);
    std::vector<Migration> out;
    while (dirent* entry = readdir(handle.get())) {
        std::string name = entry->d_name;
        if (name.size() < 9 || name.compare(name.size() - 4, 4, ".sql") != 0) continue;
        if (!std::all_of(name.begin(), name.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) ||
            name[4] != '_') {
            continue;
        }
        std::ifstream pg_form(dir + "/pg/" + name);
        out.push_back({std::stoi(name.substr(0, 4)), name, text_of(dir + "/" + name),
                       pg_form ? text_of(dir + "/pg/" + name) : std::string()});
    }
    std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (size_t i = 1; i < out.size(); ++i) {
        if (out[i].version == out[i - 1].version) throw std::runtime_error("two migrations numbered " + out[i].name);
    }
    return out;
}

int schema_version(Db& db) {
    ensure_table(db);
    Stmt stmt = db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    stmt.step();
    int version = static_cast<int>(stmt.int64(0));
    return version;
}

int apply_migrations(Db& db, const std::vector<Migration>& migrations) {
    ensure_table(db);
    int applied = 0;
    for (const Migration& migration : migrations) {
        Transaction tx(db, Transaction::write);
        Stmt seen = db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
        seen.bind(1, static_cast<int64_t>(migration.version));
        bool done = seen.step();
        if (done) continue;
        if (!db.is_postgres()) {
            db.exec(migration.sql.c_str());
        } else if (!migration.pg_sql.empty()) {
            db.exec(migration.pg_sql.c_str());
        } else {
            db.exec(pg_migration_sql(migration.sql, migration.name).c_str());
        }
        db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
            .bind(1, static_cast<int64_t>(migration.version))
            .bind(2, migration.name)
            .bind(3, now_ms())
            .run();
        tx.commit();
        ++applied;
    }
    return applied;
}

}  // namespace guichet
