// The store behind a small interface: one owner per handle, prepared
// statements only, a transaction guard that rolls back unless committed.
//
// Two backends (docs/store.md): SQLite, the embedded default, when the name
// given to Db is a file path; PostgreSQL 15 through libpq when it is a
// postgresql:// URI (store/pg_session.h). Callers see the same Db, Stmt and
// Transaction and write SQLite's SQL with ?N parameters; the PostgreSQL
// backend rewrites the parameters to $N once per cached statement.
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

class LockTurns;

class PgSession;    // store/pg_session.h: one libpq connection
class PgStatement;  // store/pg_statement.h: one cached statement on it

struct SqliteClose {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteFinalize {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
struct PgSessionClose {
    void operator()(PgSession* session) const;
};
struct PgStatementDelete {
    void operator()(PgStatement* statement) const;
};

// Whether a database name is a PostgreSQL URI rather than a file path.
bool is_postgres_uri(const std::string& name);

enum class Durability { full, normal };

// One use of a cached prepared statement, from Db::prepare to the end of the
// scope: the destructor resets it and clears its bindings (never throwing), so
// a statement left mid-iteration, or abandoned by an exception, does not keep
// its read transaction open. Move-only; must not outlive its Db.
class Stmt {
public:
    Stmt(Stmt&& other) noexcept : stmt_(other.stmt_), pg_(other.pg_), in_use_(other.in_use_) {
        other.stmt_ = nullptr;
        other.pg_ = nullptr;
    }
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
    // The same for a write whose outcome nobody reads (no rows, no changes(),
    // no last_insert_id()). On PostgreSQL, inside a write transaction, it is
    // sent without waiting for the server: its result comes back with the
    // next statement's, in the same round trip, or before the COMMIT, and
    // its failure is thrown there and fails the transaction. On SQLite, and
    // anywhere else, it is run().
    void defer();
    int64_t int64(int column) const { return pg_ ? pg_int64(column) : sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const;
    std::string blob(int column) const;
    bool is_null(int column) const { return pg_ ? pg_is_null(column) : sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
    friend class Db;
    Stmt(sqlite3_stmt* stmt, PgStatement* pg, bool* in_use) : stmt_(stmt), pg_(pg), in_use_(in_use) { *in_use_ = true; }
    int64_t pg_int64(int column) const;
    bool pg_is_null(int column) const;
    sqlite3_stmt* stmt_;  // owned by the Db's cache (SQLite), or null
    PgStatement* pg_;     // owned by the Db's cache (PostgreSQL), or null
    bool* in_use_;        // the cache entry's flag, cleared by the destructor
};

// What a connection's busy handler (store/db.cc) works with. turns: writers'
// turns at the lock between processes (store/lock_turns.h), SQLite only.
struct SqliteBusy {
    int timeout_ms;
    LockTurns* turns = nullptr;
    bool writing = false;  // the transaction begun is a write
    bool waited = false;   // its BEGIN waited
};

class Db {
public:
    // SQLite (path is a file): opens in WAL mode with a busy timeout and
    // foreign keys. Only the operator's migrate command creates the file
    // (create = true).
    // PostgreSQL (path is a postgresql:// URI, several hosts allowed): connects;
    // busy_timeout_ms becomes lock_timeout, Durability::normal
    // synchronous_commit=off; create is ignored (the database must exist).
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
    // The id of the last row inserted. PostgreSQL: lastval(), the last value a
    // sequence gave on this connection, so only after an insert into a table
    // whose id is an identity column and was not given (docs/store.md).
    int64_t last_insert_id() const { return pg_ ? pg_last_insert_id() : sqlite3_last_insert_rowid(db_.get()); }
    // Rows changed by the last INSERT, UPDATE or DELETE to complete.
    int changes() const { return pg_ ? pg_changes() : sqlite3_changes(db_.get()); }
    sqlite3* handle() const { return db_.get(); }  // null on PostgreSQL
    PgSession* pg() const { return pg_.get(); }    // null on SQLite
    bool is_postgres() const { return pg_ != nullptr; }
    const std::string& path() const { return path_; }
    int busy_timeout_ms() const { return busy_->timeout_ms; }
    void set_busy_timeout_ms(int ms);

private:
    friend class Transaction;
    struct ReadOnly {};
    Db(const std::string& path, ReadOnly, int busy_timeout_ms);
    void open_postgres(Durability durability, bool read_only);
    int64_t pg_last_insert_id() const;
    int pg_changes() const;
    // What the busy handler needs, at a stable address (a Db can move);
    // declared before db_ so that it outlives the connection.
    std::shared_ptr<LockTurns> turns_;
    std::unique_ptr<SqliteBusy> busy_;
    std::unique_ptr<sqlite3, SqliteClose> db_;
    std::unique_ptr<PgSession, PgSessionClose> pg_;
    struct Cached {
        std::unique_ptr<sqlite3_stmt, SqliteFinalize> stmt;
        std::unique_ptr<PgStatement, PgStatementDelete> pg;
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
// On PostgreSQL a write is BEGIN and pg_advisory_xact_lock on the store's key
// (its schema's), so writers take turns exactly as under BEGIN IMMEDIATE, and a read is
// REPEATABLE READ, READ ONLY: one snapshot for the whole transaction.
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
    bool write_ = false;
};

// Throws the typed error for an SQLite result code (503 for transient ones).
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, const char* what);

}  // namespace guichet
