#include "store/pg_session.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace guichet {

namespace {

using Result = std::unique_ptr<PGresult, PgResultClear>;

bool ok(const PGresult* result) {
    ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

bool starts_with(const char* text, const char* prefix) { return std::strncmp(text, prefix, std::strlen(prefix)) == 0; }

}  // namespace

PgSession::PgSession(const std::string& uri, bool synchronous_commit, int lock_timeout_ms, bool read_only)
    : synchronous_commit_(synchronous_commit), lock_timeout_ms_(lock_timeout_ms), read_only_(read_only) {
    conn_ = PQconnectdb(uri.c_str());
    if (!conn_) throw StoreError(StoreError::Kind::unavailable, "postgresql: out of memory");
    if (PQstatus(conn_) != CONNECTION_OK) {
        std::string detail = std::string("postgresql connect: ") + PQerrorMessage(conn_);
        PQfinish(conn_);
        conn_ = nullptr;
        throw StoreError(StoreError::Kind::unavailable, detail);
    }
    configure();
}

// Session settings, again after every reconnection.
void PgSession::configure() {
    std::string sql = "SET client_min_messages = warning; SET lock_timeout = " + std::to_string(lock_timeout_ms_);
    if (!synchronous_commit_) sql += "; SET synchronous_commit = off";
    if (read_only_) sql += "; SET default_transaction_read_only = on";
    exec(sql.c_str());
}

void PgSession::ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    if (tx_ != Tx::none) throw StoreError(StoreError::Kind::unavailable, "postgresql: connection lost in a transaction");
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
        throw StoreError(StoreError::Kind::unavailable, std::string("postgresql reconnect: ") + PQerrorMessage(conn_));
    }
    ++generation_;
    configure();
}

void PgSession::fail(const PGresult* result, const char* what) const {
    const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    bool broken = PQstatus(conn_) != CONNECTION_OK;
    std::string message = result ? PQresultErrorMessage(result) : "";
    if (message.empty()) message = PQerrorMessage(conn_);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    std::string detail = std::string(what) + ": " + (sqlstate ? std::string(sqlstate) + " " : "") + message;
    throw StoreError(pg_error_kind(sqlstate, broken, tx_ == Tx::read || read_only_), detail);
}

void PgSession::exec(const char* sql) {
    if (tx_ == Tx::none) ensure_connected();
    Result result(PQexec(conn_, sql));
    if (!ok(result.get())) fail(result.get(), sql);
    note_command(result.get());
}

void PgSession::note_command(const PGresult* result) {
    const char* status = PQcmdStatus(const_cast<PGresult*>(result));
    if (starts_with(status, "INSERT") || starts_with(status, "UPDATE") || starts_with(status, "DELETE") ||
        starts_with(status, "MERGE")) {
        changes_ = std::atoi(PQcmdTuples(const_cast<PGresult*>(result)));
    }
}

int64_t PgSession::last_insert_id() {
    Result result(PQexec(conn_, "SELECT lastval()"));
    if (!ok(result.get()) || PQntuples(result.get()) != 1) fail(result.get(), "last_insert_id");
    return std::strtoll(PQgetvalue(result.get(), 0, 0), nullptr, 10);
}

void PgSession::set_lock_timeout_ms(int ms) {
    lock_timeout_ms_ = ms;
    std::string sql = "SET lock_timeout = " + std::to_string(ms);
    exec(sql.c_str());
}

// The write lock is taken in the same round trip as BEGIN. READ COMMITTED
// gives each statement a snapshot taken after the lock, so a writer sees every
// commit of the writers before it, as after BEGIN IMMEDIATE.
void PgSession::begin(Tx kind, bool wait_for_lock) {
    ensure_connected();
    static const std::string key = std::to_string(kPgWriteLockKey) + ", hashtext(current_schema())";
    static const std::string write_sql =
        "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(" + key + ")";
    static const std::string try_write_sql =
        "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_try_advisory_xact_lock(" + key + ")";
    const char* sql = kind == Tx::read ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                      : wait_for_lock  ? write_sql.c_str()
                                       : try_write_sql.c_str();
    tx_ = kind;
    Result result(PQexec(conn_, sql));
    if (!ok(result.get()) && PQstatus(conn_) != CONNECTION_OK) {
        // The BEGIN itself found the connection dropped since the last
        // transaction (a server restart, a failover): nothing of this
        // transaction reached a live session, so connect again and begin
        // again, once. Without it a pool answers 503 once per connection it
        // holds (a claim worker holds one per request thread).
        tx_ = Tx::none;
        ensure_connected();
        tx_ = kind;
        result.reset(PQexec(conn_, sql));
    }
    if (!ok(result.get())) {
        try {
            fail(result.get(), kind == Tx::read ? "begin read" : "begin write");
        } catch (...) {
            rollback();
            throw;
        }
    }
    if (kind == Tx::write && !wait_for_lock && std::strcmp(PQgetvalue(result.get(), 0, 0), "t") != 0) {
        rollback();
        throw StoreError(StoreError::Kind::unavailable, "begin write: another connection holds the write lock");
    }
}

// A transaction in which a statement failed ends in ROLLBACK even when asked
// to COMMIT (SQLite would have kept the other statements): that is never a
// success.
void PgSession::commit() {
    Result result(PQexec(conn_, "COMMIT"));
    if (!ok(result.get())) {
        try {
            fail(result.get(), "commit");
        } catch (...) {
            tx_ = Tx::none;
            throw;
        }
    }
    tx_ = Tx::none;
    if (std::strcmp(PQcmdStatus(result.get()), "COMMIT") != 0) {
        throw StoreError(StoreError::Kind::bug, "commit: the transaction had failed and was rolled back");
    }
}

void PgSession::rollback() noexcept {
    if (tx_ == Tx::none) return;
    tx_ = Tx::none;
    if (PQstatus(conn_) != CONNECTION_OK) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace guichet
