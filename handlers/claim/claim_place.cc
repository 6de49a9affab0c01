#include "claim/claim_place.h"

#include <algorithm>
#include <map>

#include "claim/receipt.h"
#include "base/api_error.h"
#include "base/clock.h"
#include "domain/claim_log.h"
#include "domain/draw.h"
#include "domain/identity.h"
#include "domain/identity_duplicates.h"
#include "domain/outbox.h"

namespace guichet::claim {

std::optional<ClaimOutcome> find_claim(Db& db, int64_t account_id) {
    Stmt stmt = db.prepare("SELECT receipt, signature FROM claims WHERE account_id = ?1");
    stmt.bind(1, account_id);
    std::optional<ClaimOutcome> claim;
    if (stmt.step()) {
        claim = ClaimOutcome{false, stmt.text(0), std::nullopt};
        if (!stmt.is_null(1)) claim->signature = stmt.text(1);
    }
    return claim;
}

std::optional<std::string> find_receipt(Db& db, int64_t account_id) {
    std::optional<ClaimOutcome> claim = find_claim(db, account_id);
    if (!claim) return std::nullopt;
    return std::move(claim->receipt);
}

void require_window_open(const std::optional<Window>& window, int64_t now) {
    if (!window) throw ApiError(Err::too_early, "no window scheduled");
    switch (window_state(*window, now)) {
        case WindowState::open: return;
        case WindowState::scheduled:
            throw ApiError(Err::too_early).with_extra("opens_at", format_time(window->opens_at));
        case WindowState::paused: throw ApiError(Err::window_paused);
        case WindowState::closed: throw ApiError(Err::window_closed);
    }
}

namespace {

// What the claim needs to know of its candidate, in one read under the lock:
// the account, its earlier claim, its dossier's rows (as bytes), and the
// claim holding the identity the request thread found in the dossier.
struct Candidate {
    bool exists = false;  // the account
    bool verified = false;
    std::string email;
    std::optional<ClaimOutcome> earlier;
    std::string snapshot;  // dossier_snapshot's bytes
    std::string probe;     // the identity looked up (empty: none)
    std::optional<std::string> holder;  // the claim_id holding it
};

Candidate read_candidate(Db& db, int64_t account_id, const std::string& probe) {
    // One row per document (or one, with no document). An empty probe matches
    // no claim (an identity is 32 bytes); a blob either way keeps the prepared
    // statement's types.
    Stmt stmt = db.prepare(
        "SELECT a.email, a.verified_at IS NOT NULL, c.receipt, c.signature, d.account_id IS NOT NULL, d.fields, "
        "d.updated_at, d.locked_at IS NOT NULL, f.kind, f.type, f.size, f.sha256, f.uploaded_at, "
        "(SELECT h.claim_id FROM claims h WHERE h.identity_hash = ?2) "
        "FROM accounts a LEFT JOIN claims c ON c.account_id = a.id LEFT JOIN dossiers d ON d.account_id = a.id "
        "LEFT JOIN documents f ON f.account_id = a.id WHERE a.id = ?1");
    stmt.bind(1, account_id).bind_blob(2, probe.data(), probe.size());
    Candidate candidate;
    candidate.probe = probe;
    bool stored = false, locked = false;
    std::string fields;
    int64_t updated_at = 0;
    std::map<std::string, StoredDocument> documents;  // by kind, as dossier_snapshot takes them
    while (stmt.step()) {
        if (!candidate.exists) {
            candidate.exists = true;
            candidate.email = stmt.text(0);
            candidate.verified = stmt.int64(1) != 0;
            if (!stmt.is_null(2)) {
                candidate.earlier = ClaimOutcome{false, stmt.text(2), std::nullopt};
                if (!stmt.is_null(3)) candidate.earlier->signature = stmt.text(3);
            }
            stored = stmt.int64(4) != 0;
            if (stored) {
                fields = stmt.text(5);
                updated_at = stmt.int64(6);
                locked = stmt.int64(7) != 0;
            }
            if (!stmt.is_null(13)) candidate.holder = stmt.text(13);
        }
        if (!stmt.is_null(8)) {
            StoredDocument d{stmt.text(8), stmt.text(9), stmt.int64(10), stmt.text(11), stmt.int64(12)};
            std::string kind = d.kind;
            documents.emplace(std::move(kind), std::move(d));
        }
    }
    candidate.snapshot = dossier_snapshot(stored, fields, updated_at, locked, documents);
    return candidate;
}

// The arrival time of the claim of this rank (0 when none).
int64_t latest_arrival(Db& db, int64_t rank) {
    if (rank < 1) return 0;
    Stmt stmt = db.prepare("SELECT received_at FROM claims WHERE rank = ?1");
    stmt.bind(1, rank);
    return stmt.step() ? stmt.int64(0) : 0;
}

// The claim's two writes: its row and the dossier's lock (the counters wait
// for BatchState::finish).
void record(Db& db, const ReceiptFacts& facts, int64_t account_id, const std::string& receipt,
            const std::optional<std::string>& signature, std::optional<int64_t> draw_rank,
            const std::optional<std::string>& identity) {
    Stmt insert = db.prepare(
        "INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt, draw_rank, "
        "signature, identity_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insert.bind(1, facts.rank)
        .bind(2, facts.claim_id)
        .bind(3, account_id)
        .bind(4, facts.received_at)
        .bind(5, facts.outcome)
        .bind(6, facts.dossier_sha256)
        .bind(7, receipt);
    if (draw_rank) insert.bind(8, *draw_rank);
    else insert.bind_null(8);
    if (signature) insert.bind(9, *signature);
    else insert.bind_null(9);
    if (identity) insert.bind_blob(10, identity->data(), identity->size());
    else insert.bind_null(10);
    insert.defer();  // its result comes back with the next statement's (store/db.h)
    db.prepare("UPDATE dossiers SET locked_at = ?2 WHERE account_id = ?1 AND locked_at IS NULL")
        .bind(1, account_id)
        .bind(2, facts.received_at)
        .defer();
}

}  // namespace

BatchState::BatchState(Db& db) : window(load_window(db)) {}

void BatchState::finish(Db& db) {
    if (placed == 0) return;
    db.prepare(
          "UPDATE intake_window SET claims_count = claims_count + ?1, places_granted = places_granted + ?2 "
          "WHERE id = 1")
        .bind(1, placed)
        .bind(2, granted)
        .run();
    placed = granted = 0;
}

ClaimOutcome claim_place(Db& db, const Program& program, std::string_view identity_key, int64_t account_id,
                         const std::string& claim_id, int64_t now, const Signer& sign) {
    Transaction tx(db, Transaction::write);
    BatchState batch(db);
    ClaimOutcome outcome;
    try {
        outcome = place_in_transaction(db, batch, program, identity_key, account_id, claim_id, now, sign);
    } catch (const WriteFailed& failure) {
        std::rethrow_exception(failure.cause);
    } catch (const DuplicateIdentity&) {
        tx.commit();  // keeps the attempt's record
        throw;
    }
    batch.finish(db);
    tx.commit();
    return outcome;
}

ClaimOutcome place_in_transaction(Db& db, BatchState& batch, const Program& program, std::string_view identity_key,
                                  int64_t account_id, const std::string& claim_id, int64_t now, const Signer& sign,
                                  const DossierJudgment* prejudged) {
    // A repeat (double click, retry after a lost answer, a second tab) that
    // raced past the caller's read: the same claim, never a second rank.
    std::string probe = prejudged && prejudged->identity ? *prejudged->identity : std::string();
    Candidate candidate = read_candidate(db, account_id, probe);
    if (candidate.earlier) return *candidate.earlier;

    // Read under the lock (once per transaction), so the window cannot be
    // paused or closed between the check and the commit.
    std::optional<Window>& window = batch.window;
    require_window_open(window, now);
    // The candidate's address, which must be verified: a session implies it
    // (logins need it), and this keeps it true whatever made the session.
    if (!candidate.exists) throw ApiError(Err::no_session, "account gone");
    if (!candidate.verified) throw ApiError(Err::email_unverified, "claim");

    // The dossier is judged on what is locked: only its owner can change it,
    // but the owner's other tab could, and the digest must be of what is
    // locked. Its rows were read again above (read_candidate), and the request
    // thread's judgment is used only when they are the same bytes
    // (dossier_judgment.h).
    DossierJudgment judged =
        judgment_under_lock(db, program, identity_key, account_id, now, prejudged, candidate.snapshot);
    if (!judged.compliance.compliant) throw NotCompliant(std::move(judged.compliance));

    // One place per person: the same passport, already claimed from another
    // account (this account's own claim was answered above). Looked up with
    // the candidate's read when the identity is the one the request thread
    // found, else one indexed read; a refusal writes only its record, and
    // refuses this claim alone.
    std::optional<std::string> identity = std::move(judged.identity);
    if (identity) {
        std::optional<std::string> holder =
            *identity == candidate.probe ? candidate.holder : identity_holder(db, *identity);
        if (holder) {
            try {
                record_duplicate(db, account_id, *identity, *holder, now);
            } catch (...) {
                throw WriteFailed(std::current_exception());
            }
            throw DuplicateIdentity();
        }
    }

    ReceiptFacts facts;
    facts.program = program.id;
    facts.claim_id = claim_id;
    facts.candidate = std::move(candidate.email);
    facts.rank = window->claims_count + 1;
    // The arrival time never goes back along the ranks, even when the server's
    // clock is stepped back: the log's readers check it (a claim recorded later
    // with an earlier time would look like one slipped in).
    if (!batch.log) {
        batch.last_arrival = latest_arrival(db, window->claims_count);
        batch.log = log_head_before(db, facts.rank);
    }
    facts.received_at = std::max(now, batch.last_arrival);
    facts.places_total = window->places_total;
    facts.dossier_sha256 = std::move(judged.digest);
    // Its entry in the public log, under the same lock: the receipt names it.
    // From here on a failure leaves this claim half written.
    try {
        LogEntry entry = append_at(db, *batch.log, {facts.rank, claim_id, facts.received_at, facts.dossier_sha256});
        facts.log_index = entry.index;
        facts.log_hash = std::move(entry.hash);
    } catch (...) {
        throw WriteFailed(std::current_exception());
    }
    bool granted = false;
    std::optional<int64_t> draw_rank;
    std::string receipt;
    if (window->policy == "lottery") {
        // In the draw period, and after it until the draw has run, the outcome
        // waits for the draw (docs/lottery.md). Once it has run, every claim
        // holds a draw rank 1..claims_count, so a later one simply comes next.
        facts.lottery = LotteryFacts{window->draw_ends_at.value_or(0), window->seed_commitment,
                                     window->draw_ends_at && now < *window->draw_ends_at};
        if (window->drawn_at) {
            granted = window->places_granted < window->places_total;
            facts.outcome = granted ? "granted" : "waitlisted";
            draw_rank = facts.rank;
            receipt = final_receipt(receipt_text(facts), facts.rank, facts.rank, facts.outcome, *window->drawn_at);
        } else {
            facts.outcome = "pending_draw";
            receipt = receipt_text(facts);
        }
    } else {
        // places_granted counts the claims holding a place: a place a rejection
        // freed with nobody waiting (domain/promotion.h) goes to the next claim.
        granted = window->places_granted < window->places_total;
        facts.outcome = granted ? "granted" : "waitlisted";
        receipt = receipt_text(facts);
    }

    // A signer that fails leaves the receipt to be signed after the commit.
    std::optional<std::string> signature;
    if (sign) {
        try {
            signature = sign(receipt);
        } catch (const std::exception&) {
            signature.reset();
        }
    }

    // A failure leaves this claim half written: the caller must roll back
    // the whole transaction.
    try {
        record(db, facts, account_id, receipt, signature, draw_rank, identity);
        // Its confirmation email, in the same transaction (the mailer pool
        // sends it; the answer never waits for it).
        enqueue_message(db, "claim_receipt", account_id, facts.rank, now);
    } catch (...) {
        throw WriteFailed(std::current_exception());
    }
    // The counters, moved in memory for the next claim of the transaction.
    window->claims_count += 1;
    batch.placed += 1;
    if (granted) {
        window->places_granted += 1;
        batch.granted += 1;
    }
    batch.last_arrival = facts.received_at;
    return {true, receipt, signature};
}

}  // namespace guichet::claim
