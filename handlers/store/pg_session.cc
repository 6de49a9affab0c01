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
    Result result(PQexec(conn_, sql.c_str()));  // not exec(): it would connect again first
    if (!ok(result.get())) fail(result.get(), "configure");
}

void PgSession::ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK && configured_) return;
    if (tx_ != Tx::none) throw StoreError(StoreError::Kind::unavailable, "postgresql: connection lost in a transaction");
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
        throw StoreError(StoreError::Kind::unavailable, std::string("postgresql reconnect: ") + PQerrorMessage(conn_));
    }
    ++generation_;
    configured_ = false;
    configure();
    configured_ = true;
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

void PgSession::send_deferred(const char* what, const char* name, int count, const char* const* values,
                              const int* lengths, const int* formats) {
    if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) fail(nullptr, what);
    // Queued in libpq's buffer (it writes when the buffer fills, or at the sync).
    if (PQsendQueryPrepared(conn_, name, count, values, lengths, formats, 0) != 1) fail(nullptr, what);
    deferred_.push_back(what);
}

Result PgSession::send_with_deferred(const char* what, const char* name, int count, const char* const* values,
                                     const int* lengths, const int* formats) {
    send_deferred(what, name, count, values, lengths, formats);
    return read_pipeline(true);
}

void PgSession::settle() {
    if (!deferred_.empty()) read_pipeline(false);
}

// Each sent statement has its result, then a null; the sync's result ends
// the pipeline. After a failure the server skips the rest (PIPELINE_ABORTED):
// the first failure is the one thrown, once the pipeline is read to its end
// and the connection is out of pipeline mode again.
Result PgSession::read_pipeline(bool keep_last) {
    const std::vector<const char*>& sent = deferred_;  // cleared before any return or throw, capacity kept
    Result failure, last;
    const char* failed = nullptr;
    bool whole = PQpipelineSync(conn_) == 1;
    for (size_t i = 0; whole && i < sent.size(); ++i) {
        Result result(PQgetResult(conn_));
        if (!result) {
            whole = false;
            break;
        }
        while (PGresult* end = PQgetResult(conn_)) PQclear(end);
        if (!ok(result.get())) {
            if (!failure) {
                failure = std::move(result);
                failed = sent[i];
            }
        } else if (keep_last && i + 1 == sent.size()) {
            last = std::move(result);
        }
    }
    if (whole) {
        Result sync(PQgetResult(conn_));
        whole = sync && PQresultStatus(sync.get()) == PGRES_PIPELINE_SYNC;
    }
    bool out = PQexitPipelineMode(conn_) == 1;
    const char* what = sent.empty() ? "pipeline" : sent.back();
    deferred_.clear();
    if (failure) fail(failure.get(), failed);
    if (!whole || !out) fail(nullptr, what);  // the connection failed
    return last;
}

void PgSession::exec(const char* sql) {
    settle();
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
    settle();
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
    try {
        settle();
    } catch (...) {
        rollback();
        throw;
    }
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
    try {
        settle();  // their failure is the transaction's, which is being rolled back
    } catch (...) {
    }
    if (tx_ == Tx::none) return;
    tx_ = Tx::none;
    if (PQstatus(conn_) != CONNECTION_OK) return;
    if (PQpipelineStatus(conn_) != PQ_PIPELINE_OFF) {
        // A pipeline that could not be read to its end (libpq then refuses
        // every other call, so nothing ran after it): the server's session is
        // dropped, and its transaction with it.
        PQreset(conn_);
        ++generation_;
        try {
            configure();
        } catch (...) {
            configured_ = false;  // the next transaction connects again rather than run unconfigured
        }
        return;
    }
    PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace guichet
