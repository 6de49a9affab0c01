// Taking a place: the one write transaction of opening day.
//
// Under BEGIN IMMEDIATE (one writer at a time, so the order of commit is the
// order of rank): return the candidate's claim if there is one; else check
// the window and the dossier again, take rank = claims_count + 1, record the
// claim with its receipt text (and its signature, when a precomputed nonce
// makes signing cheap enough to do under the lock), lock the dossier, move
// the counters, commit. Without a stored signature the receipt is signed
// deterministically after the commit, outside the lock (see receipt.h).
//
// The claim pool commits claims in batches (committer.h): many claims in one
// write transaction, one fsync. place_in_transaction is one claim's part.
//
// One place per person (domain/identity.h): under the same lock, a compliant
// dossier whose identity another account's claim already holds is refused
// with 409 duplicate_identity; the attempt is recorded (with its arrival
// time, never a rank) in the same transaction.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "base/api_error.h"
#include "claim/dossier_judgment.h"
#include "domain/claim_log.h"
#include "domain/compliance.h"
#include "store/db.h"
#include "domain/program.h"
#include "domain/window.h"

namespace guichet::claim {

// The dossier fails the compliance rule; carries the problems for the 422.
struct NotCompliant : std::runtime_error {
    explicit NotCompliant(Compliance c) : std::runtime_error("not_compliant"), compliance(std::move(c)) {}
    Compliance compliance;
};

// A write of a claim failed after its checks passed: the transaction it is in
// must be rolled back as a whole (the batch fails, nothing of it is kept).
struct WriteFailed : std::runtime_error {
    explicit WriteFailed(std::exception_ptr e) : std::runtime_error("claim write failed"), cause(std::move(e)) {}
    std::exception_ptr cause;
};

// Another account's claim holds this dossier's identity. The attempt has been
// recorded in the transaction, which must still be committed to keep it; the
// claim itself is refused alone, like NotCompliant.
struct DuplicateIdentity : ApiError {
    DuplicateIdentity() : ApiError(Err::duplicate_identity) {}
};

struct ClaimOutcome {
    bool created = false;  // false: the candidate's earlier claim
    std::string receipt;
    std::optional<std::string> signature;  // base64 r||s, when stored with the claim
};

// The stored receipt text of the candidate's claim, if any.
std::optional<std::string> find_receipt(Db& db, int64_t account_id);
// The same with the stored signature (created = false).
std::optional<ClaimOutcome> find_claim(Db& db, int64_t account_id);

// Signs a receipt text while the claim is being recorded, returning base64
// r||s; or nullopt to leave it to deterministic signing after the commit.
using Signer = std::function<std::optional<std::string>(const std::string& receipt)>;

// Throws ApiError too_early (425, with opens_at when scheduled),
// window_paused or window_closed (409) unless claims are accepted at `now`.
void require_window_open(const std::optional<Window>& window, int64_t now);

// What the claims of one write transaction share, read once under its lock
// and carried from claim to claim instead of read again by each (on
// PostgreSQL every statement is a round trip): the window with its counters,
// the log's head and the last claim's arrival time. Each claim placed moves
// them in memory; finish() writes the window's counters, once, before the
// commit. Nothing else can write them while the transaction holds the write
// lock. A transaction that fails is rolled back whole, and its BatchState is
// thrown away with it.
struct BatchState {
    explicit BatchState(Db& db);  // reads the window
    void finish(Db& db);          // writes the counters the claims moved

    std::optional<Window> window;
    std::optional<LogHead> log;  // read at the first claim placed
    int64_t last_arrival = 0;    // read with it: the arrival of rank claims_count
    int64_t placed = 0;          // the counters' moves, not yet written
    int64_t granted = 0;
};

// One claim inside a write transaction the caller holds. Refusals
// (NotCompliant, the window's ApiErrors, no_session) are thrown before
// anything is written, so the transaction can go on with other claims;
// DuplicateIdentity is thrown after its one write, the attempt's record. A
// failure once writing has begun is thrown as WriteFailed; the writes are
// deferred (Stmt::defer), so on PostgreSQL a write's failure may instead be
// thrown by a later statement of the transaction, or its commit: either way
// the whole transaction fails.
// batch: the transaction's BatchState; the caller runs its finish() before
// committing. now: the arrival time, read under the lock so that it follows
// the rank order. identity_key: the identity's HMAC key (keys/identity.key);
// needed when the program declares an identity. prejudged: the request
// thread's judgment of the dossier, used only if the dossier's rows are still
// what it judged (dossier_judgment.h); else, or without one, the dossier is
// judged under the lock.
ClaimOutcome place_in_transaction(Db& db, BatchState& batch, const Program& program, std::string_view identity_key,
                                  int64_t account_id, const std::string& claim_id, int64_t now, const Signer& sign,
                                  const DossierJudgment* prejudged = nullptr);

// claim_id: hex of 16 random bytes, drawn by the caller before the lock.
// One claim in its own transaction. Throws NotCompliant, DuplicateIdentity
// (the attempt committed), the window's ApiErrors, or a Db error (503).
ClaimOutcome claim_place(Db& db, const Program& program, std::string_view identity_key, int64_t account_id,
                         const std::string& claim_id, int64_t now, const Signer& sign = {});

}  // namespace guichet::claim
