// One libpq connection, the PostgreSQL side of Db (store/db.h).
//
// What it keeps from SQLite's behaviour, and how (docs/store.md):
// - writers take turns: a write transaction holds pg_advisory_xact_lock on the
//   store's key, waiting at most lock_timeout (the busy timeout);
// - a read transaction is one snapshot (REPEATABLE READ, READ ONLY);
// - a failure a retry may cure (connection lost, server shutting down,
//   serialization failure, deadlock, lock timeout, out of resources, a
//   standby's read-only refusal) is StoreError::Kind::unavailable; a
//   uniqueness or check refusal is Kind::constraint.
// A connection found broken between transactions is reset (libpq tries every
// host of the URI again, honouring target_session_attrs); one lost inside a
// transaction fails that transaction as unavailable, and its COMMIT never
// reports success.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "store/store_error.h"

namespace guichet {

// The advisory lock of write transactions: the pair (this, the hash of the
// store's schema). An advisory lock is the database's, and a schema is one
// store: two stores in one database (the test suite's sites, a schema each)
// do not wait for each other's writers.
constexpr int32_t kPgWriteLockKey = 0x67756963;  // "guic"

// The store's kind for an SQLSTATE (null: none, as for a broken connection).
// in_read_only_transaction: a 25006 refusal then is the caller's write in a
// read transaction (a bug), not a standby's refusal (unavailable).
StoreError::Kind pg_error_kind(const char* sqlstate, bool connection_broken, bool in_read_only_transaction);

struct PgResultClear {
    void operator()(PGresult* result) const { PQclear(result); }
};

class PgSession {
public:
    enum class Tx { none, read, write };
    PgSession(const std::string& uri, bool synchronous_commit, int lock_timeout_ms, bool read_only);
    ~PgSession() { PQfinish(conn_); }
    PgSession(const PgSession&) = delete;
    PgSession& operator=(const PgSession&) = delete;

    PGconn* conn() const { return conn_; }
    // Bumped at every reconnection: statements prepared before are gone.
    uint64_t generation() const { return generation_; }
    Tx tx() const { return tx_; }
    // Outside a transaction, reconnects a broken connection; inside one, a
    // broken connection throws unavailable.
    void ensure_connected();

    // Runs SQL without parameters (several statements allowed); throws on error.
    void exec(const char* sql);
    // Throws the typed error for a failed result (or none: a lost connection).
    [[noreturn]] void fail(const PGresult* result, const char* what) const;
    // After a statement completed: remembers INSERT/UPDATE/DELETE counts.
    void note_command(const PGresult* result);
    int changes() const { return changes_; }
    int64_t last_insert_id();
    void set_lock_timeout_ms(int ms);

    // Deferred writes (Stmt::defer), in libpq's pipeline mode: inside a write
    // transaction a statement whose result nobody reads is sent without
    // waiting for it; the results are read with the next statement's, in the
    // same round trip (send_with_deferred), or before anything else the
    // connection does (settle). A failure among them is thrown there, by the
    // next step of the transaction, which has failed: its COMMIT never
    // succeeds.
    void send_deferred(const char* what, const char* name, int count, const char* const* values,
                       const int* lengths, const int* formats);
    bool has_deferred() const { return !deferred_.empty(); }
    // Reads the deferred results, throwing the first failure.
    void settle();
    // Sends one more statement, then reads the deferred results and returns
    // its own (throwing the first failure, the deferred ones' first).
    std::unique_ptr<PGresult, PgResultClear> send_with_deferred(const char* what, const char* name, int count,
                                                               const char* const* values, const int* lengths,
                                                               const int* formats);

    void begin(Tx kind, bool wait_for_lock);
    void commit();
    void rollback() noexcept;
    // A name for the next server-side prepared statement.
    std::string next_statement_name() { return "g" + std::to_string(++statement_count_); }

private:
    void configure();
    PGconn* conn_ = nullptr;
    bool synchronous_commit_;
    int lock_timeout_ms_;
    bool read_only_;
    uint64_t generation_ = 1;
    uint64_t statement_count_ = 0;
    Tx tx_ = Tx::none;
    bool configured_ = true;  // the session settings are in force (configure() succeeded)
    int changes_ = 0;
    std::vector<const char*> deferred_;  // what each sent result is, for messages
    std::unique_ptr<PGresult, PgResultClear> read_pipeline(bool keep_last);
};

}  // namespace guichet
