// SQLite behind a small interface: one owner per handle, prepared statements
// only, a transaction guard that rolls back unless committed.
//
// Failures throw StoreError (store/store_error.h); those a client can retry
// (busy, locked, disk full, I/O error) are Kind::unavailable, which the http
// layer answers with 503 and Retry-After, never a bare 500.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/store_error.h"

namespace guichet {

struct SqliteClose {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteFinalize {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

enum class Durability { full, normal };

// One use of a cached prepared statement, from Db::prepare to the end of the
// scope: the destructor resets it and clears its bindings (never throwing), so
// a statement left mid-iteration, or abandoned by an exception, does not keep
// its read transaction open. Move-only; must not outlive its Db.
class Stmt {
public:
    Stmt(Stmt&& other) noexcept : stmt_(other.stmt_), in_use_(other.in_use_) { other.stmt_ = nullptr; }
    Stmt& operator=(Stmt&&) = delete;
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    ~Stmt();

    Stmt& bind(int index, int64_t value);
    Stmt& bind(int index, std::string_view text);
    Stmt& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Stmt& bind_blob(int index, const void* data, size_t size);
    Stmt& bind_null(int index);
    // true while a row is available; false when done. Throws on error.
    bool step();
    // Runs to completion, ignoring rows.
    void run();
    int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const;
    std::string blob(int column) const;
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
    friend class Db;
    Stmt(sqlite3_stmt* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) { *in_use_ = true; }
    sqlite3_stmt* stmt_;  // owned by the Db's cache
    bool* in_use_;        // the cache entry's flag, cleared by the destructor
};

class Db {
public:
    // Opens in WAL mode with a busy timeout and foreign keys. Only the
    // operator's migrate command creates the file (create = true).
    Db(const std::string& path, Durability durability = Durability::full, int busy_timeout_ms = 5000,
       bool create = false);
    // Opens read-only (no schema changes, no writes).
    static Db open_readonly(const std::string& path, int busy_timeout_ms = 5000);

    // A cached prepared statement, ready to bind, reset when the returned Stmt
    // goes out of scope. The cache is keyed by the address of sql (a literal).
    // One SQL has one use at a time: preparing it again while a Stmt of it is
    // alive throws std::logic_error rather than rebinding a running statement.
    [[nodiscard]] Stmt prepare(const char* sql);
    void exec(const char* sql);  // for DDL and pragmas only, never with input
    int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
    int changes() const { return sqlite3_changes(db_.get()); }
    sqlite3* handle() const { return db_.get(); }
    const std::string& path() const { return path_; }
    int busy_timeout_ms() const { return *busy_timeout_ms_; }
    void set_busy_timeout_ms(int ms) { *busy_timeout_ms_ = ms; }

private:
    struct ReadOnly {};
    Db(const std::string& path, ReadOnly, int busy_timeout_ms);
    // The busy handler's timeout, at a stable address (a Db can move); declared
    // before db_ so that it outlives the connection.
    std::unique_ptr<int> busy_timeout_ms_;
    std::unique_ptr<sqlite3, SqliteClose> db_;
    struct Cached {
        std::unique_ptr<sqlite3_stmt, SqliteFinalize> stmt;
        bool in_use = false;
    };
    // Map nodes never move, so a Stmt's in_use pointer survives inserts and
    // a move of the Db.
    std::map<const char*, Cached> cache_;
    std::string path_;
};

// BEGIN IMMEDIATE (write) or DEFERRED (read) on construction; ROLLBACK in the
// destructor unless commit() succeeded. Never throws from the destructor.
//
// A read takes no lock: in WAL mode it reads a snapshot while another
// connection writes. try_write is a write that does not wait for the lock:
// when another connection holds it, the constructor throws StoreError
// (unavailable) at once instead of after the busy timeout. It is for writes
// that may be skipped (the idle clock), so a read never waits behind a writer.
class Transaction {
public:
    enum Kind { read, write, try_write };
    Transaction(Db& db, Kind kind);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    Db& db_;
    bool open_ = true;
};

// Throws the typed error for an SQLite result code (503 for transient ones).
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const char* what);

}  // namespace guichet
