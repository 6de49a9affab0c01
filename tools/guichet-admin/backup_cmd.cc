// guichet-admin backup FILE | restore FILE.
//
// backup copies the live database through SQLite's online backup API (a
// consistent snapshot while the site runs), into FILE.partial, checks the copy
// with PRAGMA integrity_check, then renames it to FILE.
// restore checks FILE the same way, refuses while a handler pool runs (unless
// --force), keeps a copy of the current database in <data>/backups/, then
// copies FILE into the live database through the same backup API.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <thread>

#include "domain/admin_stats.h"
#include "base/clock.h"
#include "store/db.h"
#include "base/json.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

namespace {

using Handle = std::unique_ptr<sqlite3, SqliteClose>;

struct BackupFinish {
    void operator()(sqlite3_backup* backup) const { sqlite3_backup_finish(backup); }
};

Handle open_file(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    Handle handle(raw);
    if (rc != SQLITE_OK) {
        throw std::runtime_error("cannot open " + path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_busy_timeout(raw, 5000);
    return handle;
}

// Copies every page of from into to, retrying while the source is busy.
void copy_database(sqlite3* from, sqlite3* to) {
    std::unique_ptr<sqlite3_backup, BackupFinish> backup(sqlite3_backup_init(to, "main", from, "main"));
    if (!backup) throw std::runtime_error(std::string("backup: ") + sqlite3_errmsg(to));
    for (int attempt = 0;; ++attempt) {
        int rc = sqlite3_backup_step(backup.get(), -1);
        if (rc == SQLITE_DONE) break;
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < 200) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            continue;
        }
        throw std::runtime_error(std::string("backup step: ") + sqlite3_errstr(rc));
    }
    int rc = sqlite3_backup_finish(backup.release());
    if (rc != SQLITE_OK) throw std::runtime_error(std::string("backup finish: ") + sqlite3_errmsg(to));
}

// "ok", or the first problem PRAGMA integrity_check reports.
std::string integrity(sqlite3* db) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &raw, nullptr) != SQLITE_OK) {
        return std::string("cannot check: ") + sqlite3_errmsg(db);
    }
    std::unique_ptr<sqlite3_stmt, SqliteFinalize> stmt(raw);
    if (sqlite3_step(raw) != SQLITE_ROW) return std::string("cannot check: ") + sqlite3_errmsg(db);
    const unsigned char* text = sqlite3_column_text(raw, 0);
    return text ? reinterpret_cast<const char*>(text) : "no answer";
}

bool exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

// Handler pools whose pid file names a live process.
std::vector<std::string> running_pools(const Config& config) {
    std::vector<std::string> running;
    for (const char* name : kHandlerPools) {
        std::ifstream file(config.data_dir + "/run/" + name + ".pid");
        int pid = 0;
        if (file >> pid && pid > 0 && kill(pid, 0) == 0) running.push_back(name);
    }
    return running;
}

void backup_to(const std::string& db_path, const std::string& file) {
    std::string partial = file + ".partial";
    unlink(partial.c_str());
    {
        Handle from = open_file(db_path, SQLITE_OPEN_READONLY);
        Handle to = open_file(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        copy_database(from.get(), to.get());
        std::string check = integrity(to.get());
        if (check != "ok") {
            unlink(partial.c_str());
            throw std::runtime_error("the copy failed its integrity check: " + check);
        }
        sqlite3_exec(to.get(), "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);  // one self-contained file
    }
    chmod(partial.c_str(), 0600);
    if (rename(partial.c_str(), file.c_str()) != 0) throw std::runtime_error("cannot rename to " + file);
}

// SQLite's backup API copies a file; a PostgreSQL server is backed up by its
// own tools, which this command does not drive (docs/store.md).
bool refuse_on_postgres(const Config& config, const char* command) {
    if (!is_postgres_uri(config.db_path)) return false;
    std::fprintf(stderr, "guichet-admin: %s copies an SQLite file; GUICHET_DATABASE is a PostgreSQL server: "
                         "use pg_dump or pg_basebackup (docs/store.md)\n", command);
    return true;
}

}  // namespace

int cmd_backup(Args& args, const Config& config) {
    if (refuse_on_postgres(config, "backup")) return 1;
    bool force = take_flag(args, "--force");
    if (args.size() != 1) throw UsageError("backup needs one FILE");
    std::string file = args[0];
    args.clear();
    if (exists(file) && !force) throw UsageError(file + " exists; choose another name or add --force");
    backup_to(config.db_path, file);
    std::printf("backup: %s written, integrity_check ok\n", file.c_str());
    Db db(config.db_path);
    Json after(json_object());
    json_object_set_new(after.get(), "file", json_str(file));
    Transaction tx(db, Transaction::write);
    write_cli_audit(db, "backup", nullptr, after.get());
    tx.commit();
    return 0;
}

int cmd_restore(Args& args, const Config& config) {
    if (refuse_on_postgres(config, "restore")) return 1;
    bool force = take_flag(args, "--force");
    if (args.size() != 1) throw UsageError("restore needs one FILE");
    std::string file = args[0];
    args.clear();
    {
        Handle source = open_file(file, SQLITE_OPEN_READONLY);
        std::string check = integrity(source.get());
        if (check != "ok") {
            std::fprintf(stderr, "guichet-admin: %s fails its integrity check: %s; nothing restored\n", file.c_str(),
                         check.c_str());
            return 1;
        }
    }
    std::vector<std::string> running = running_pools(config);
    if (!running.empty() && !force) {
        std::string names;
        for (const std::string& name : running) names += " " + name;
        std::fprintf(stderr,
                     "guichet-admin: handler pools are running (%s ); stop the site first (tools/site.sh stop DATA), "
                     "or add --force\n",
                     names.c_str());
        return 1;
    }
    std::string kept;
    if (exists(config.db_path)) {
        mkdir((config.data_dir + "/backups").c_str(), 0700);
        kept = config.data_dir + "/backups/before-restore-" + std::to_string(now_ms()) + ".db";
        backup_to(config.db_path, kept);
        std::printf("restore: the current database was kept as %s\n", kept.c_str());
    }
    Db db(config.db_path, Durability::full, 5000, /*create=*/true);
    {
        Handle source = open_file(file, SQLITE_OPEN_READONLY);
        copy_database(source.get(), db.handle());
    }
    std::string check = integrity(db.handle());
    if (check != "ok") throw std::runtime_error("the restored database fails its integrity check: " + check);
    Json after(json_object());
    json_object_set_new(after.get(), "file", json_str(file));
    if (!kept.empty()) json_object_set_new(after.get(), "previous_kept_as", json_str(kept));
    try {
        Transaction tx(db, Transaction::write);
        write_cli_audit(db, "restore", nullptr, after.get());
        tx.commit();
    } catch (const std::exception& error) {
        // A backup from before migration 0008 has no audit table; the restore itself stands.
        std::fprintf(stderr, "guichet-admin: restored, but no audit row written (%s); run migrate\n", error.what());
    }
    std::printf("restore: %s restored into %s, integrity_check ok\n", file.c_str(), config.db_path.c_str());
    return 0;
}

}  // namespace guichet::admin_cli
