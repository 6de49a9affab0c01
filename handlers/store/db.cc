#include "store/db.h"

#include <time.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "store/lock_turns.h"
#include "store/pg_session.h"
#include "store/pg_statement.h"
#include "store/store_error.h"

namespace guichet {

bool is_postgres_uri(const std::string& name) {
    return name.rfind("postgresql://", 0) == 0 || name.rfind("postgres://", 0) == 0;
}

void PgSessionClose::operator()(PgSession* session) const { delete session; }
void PgStatementDelete::operator()(PgStatement* statement) const { delete statement; }

namespace {

// SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25... ms between
// tries. With several writer processes taking turns every few hundred
// microseconds (the claim pool at opening), those sleeps leave the lock idle
// most of the time. This one retries every 50 to 200 µs up to the timeout.
// The timeout is time on the clock since the wait's first try, not the sum of
// the sleeps asked for: on a loaded machine a 50 µs nanosleep lasts far
// longer, and counting steps let a 5 s timeout last past 10 s (an admin export
// waiting for the lock outlived its client, integration tests run 6 at once).
int busy_wait(void* arg, int attempt) {
    auto* state = static_cast<SqliteBusy*>(arg);
    const int timeout_ms = state->timeout_ms;
    // One connection is used by one thread at a time, and SQLite calls this
    // with attempt 0 at the start of each wait: the start is the thread's.
    thread_local std::chrono::steady_clock::time_point started;
    auto now = std::chrono::steady_clock::now();
    if (attempt == 0) started = now;
    if (now - started >= std::chrono::milliseconds(timeout_ms)) return 0;
    state->waited = true;
    if (state->turns && state->writing) state->turns->waiting();
    long step_us = attempt < 20 ? 50 : attempt < 200 ? 100 : 200;
    timespec pause{0, step_us * 1000};
    nanosleep(&pause, nullptr);
    return 1;
}

}  // namespace

void throw_sqlite(sqlite3* db, int rc, const char* what) {
    std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_PROTOCOL:
        case SQLITE_READONLY:
            throw StoreError(StoreError::Kind::unavailable, detail);
        case SQLITE_CONSTRAINT:
            throw StoreError(StoreError::Kind::constraint, detail);
        case SQLITE_TOOBIG:
            throw StoreError(StoreError::Kind::too_big, detail);
        default:
            throw StoreError(StoreError::Kind::bug, detail);
    }
}

Stmt& Stmt::bind(int index, int64_t value) {
    if (pg_) {
        pg_->bind_int64(index, value);
        return *this;
    }
    int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
    return *this;
}

Stmt& Stmt::bind(int index, std::string_view text) {
    if (pg_) {
        pg_->bind_text(index, std::string(text));
        return *this;
    }
    int rc = sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
    return *this;
}

Stmt& Stmt::bind_blob(int index, const void* data, size_t size) {
    if (pg_) {
        pg_->bind_blob(index, data, size);
        return *this;
    }
    int rc = sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
    return *this;
}

Stmt& Stmt::bind_null(int index) {
    if (pg_) {
        pg_->bind_null(index);
        return *this;
    }
    int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) throw_sqlite(sqlite3_db_handle(stmt_), rc, "bind");
    return *this;
}

bool Stmt::step() {
    if (pg_) return pg_->step();
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(stmt_);
    sqlite3_reset(stmt_);
    throw_sqlite(db, rc, sqlite3_sql(stmt_));
}

void Stmt::run() {
    while (step()) {
    }
}

void Stmt::defer() {
    if (pg_) pg_->defer();
    else run();
}

int64_t Stmt::pg_int64(int column) const { return pg_->int64(column); }
bool Stmt::pg_is_null(int column) const { return pg_->is_null(column); }

std::string Stmt::text(int column) const {
    if (pg_) return pg_->value(column);
    const unsigned char* data = sqlite3_column_text(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    return data ? std::string(reinterpret_cast<const char*>(data), size) : std::string();
}

std::string Stmt::blob(int column) const {
    if (pg_) return pg_->value(column);
    const void* data = sqlite3_column_blob(stmt_, column);
    int size = sqlite3_column_bytes(stmt_, column);
    return data ? std::string(static_cast<const char*>(data), size) : std::string();
}

Stmt::~Stmt() {
    if (pg_) {
        pg_->reset();
        *in_use_ = false;
        return;
    }
    if (!stmt_) return;  // moved from
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
}

Db::Db(const std::string& path, Durability durability, int busy_timeout_ms, bool create) : path_(path) {
    busy_ = std::make_unique<SqliteBusy>(SqliteBusy{busy_timeout_ms});
    if (is_postgres_uri(path)) {
        open_postgres(durability, false);
        return;
    }
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) throw_sqlite(raw, rc, "open");
    turns_ = LockTurns::of(path);
    busy_->turns = turns_.get();
    sqlite3_busy_handler(raw, busy_wait, busy_.get());
    sqlite3_extended_result_codes(raw, 1);
    exec("PRAGMA journal_mode=WAL");
    exec(durability == Durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
    // Reads through a shared mapping instead of a pread per page: when another
    // process has written, this connection re-reads pages on its next
    // transaction, and that is most transactions on opening day.
    exec("PRAGMA mmap_size=268435456");
}

Db::Db(const std::string& path, ReadOnly, int busy_timeout_ms) : path_(path) {
    busy_ = std::make_unique<SqliteBusy>(SqliteBusy{busy_timeout_ms});
    if (is_postgres_uri(path)) {
        open_postgres(Durability::normal, true);
        return;
    }
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) throw_sqlite(raw, rc, "open");
    sqlite3_busy_handler(raw, busy_wait, busy_.get());
    sqlite3_extended_result_codes(raw, 1);
}

Db Db::open_readonly(const std::string& path, int busy_timeout_ms) { return Db(path, ReadOnly{}, busy_timeout_ms); }

void Db::open_postgres(Durability durability, bool read_only) {
    pg_.reset(new PgSession(path_, durability == Durability::full, busy_->timeout_ms, read_only));
}

int64_t Db::pg_last_insert_id() const { return pg_->last_insert_id(); }
int Db::pg_changes() const { return pg_->changes(); }

void Db::set_busy_timeout_ms(int ms) {
    if (pg_ && ms != busy_->timeout_ms) pg_->set_lock_timeout_ms(ms);
    busy_->timeout_ms = ms;
}

Stmt Db::prepare(const char* sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end() && pg_) {
        Cached entry;
        entry.pg.reset(new PgStatement(*pg_, sql));
        it = cache_.emplace(sql, std::move(entry)).first;
    } else if (it == cache_.end()) {
        sqlite3_stmt* raw = nullptr;
        int rc = sqlite3_prepare_v3(db_.get(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
        if (rc != SQLITE_OK) throw_sqlite(db_.get(), rc, sql);
        it = cache_.emplace(sql, Cached{std::unique_ptr<sqlite3_stmt, SqliteFinalize>(raw), nullptr, false}).first;
    }
    // A second use would reset and rebind the statement under the first one's feet.
    if (it->second.in_use) throw std::logic_error(std::string("statement already in use: ") + sql);
    return Stmt(it->second.stmt.get(), it->second.pg.get(), &it->second.in_use);
}

void Db::exec(const char* sql) {
    if (pg_) {
        pg_->exec(sql);
        return;
    }
    char* error = nullptr;
    int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &error);
    if (error) sqlite3_free(error);
    if (rc != SQLITE_OK) throw_sqlite(db_.get(), rc, sql);
}

Transaction::Transaction(Db& db, Kind kind) : db_(db) {
    if (db_.pg_) {
        db_.pg_->begin(kind == read ? PgSession::Tx::read : PgSession::Tx::write, kind != try_write);
        return;
    }
    write_ = kind != read;
    db_.busy_->writing = write_;
    db_.busy_->waited = false;
    if (kind != try_write) {
        db_.exec(kind == write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
        if (db_.busy_->waited && db_.turns_) db_.turns_->got_lock();
        return;
    }
    // Only the BEGIN waits for the lock; with a timeout of 0 busy_wait refuses at once.
    int timeout_ms = db_.busy_timeout_ms();
    db_.set_busy_timeout_ms(0);
    try {
        db_.exec("BEGIN IMMEDIATE");
    } catch (...) {
        db_.set_busy_timeout_ms(timeout_ms);
        throw;
    }
    db_.set_busy_timeout_ms(timeout_ms);
}

Transaction::~Transaction() {
    if (open_ && db_.pg_) {
        db_.pg_->rollback();
        return;
    }
    if (open_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    if (db_.pg_) {
        open_ = false;  // whatever COMMIT answered, the transaction is over
        db_.pg_->commit();
        return;
    }
    db_.exec("COMMIT");
    open_ = false;
    if (write_ && db_.turns_) db_.turns_->after_commit();  // another process's turn, if it waits
}

}  // namespace guichet
