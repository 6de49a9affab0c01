// Taking a place: the one write transaction of opening day.
//
// Under BEGIN IMMEDIATE (one writer at a time, so the order of commit is the
// order of rank): return the candidate's claim if there is one; else check
// the window and the dossier again, take rank = claims_count + 1, record the
// claim with its receipt text, lock the dossier, move the counters, commit.
// Signing happens after the commit, outside the lock (see receipt.h).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/compliance.h"
#include "common/db.h"
#include "common/program.h"
#include "common/window.h"

namespace guichet::claim {

// The dossier fails the compliance rule; carries the problems for the 422.
struct NotCompliant : std::runtime_error {
    explicit NotCompliant(Compliance c) : std::runtime_error("not_compliant"), compliance(std::move(c)) {}
    Compliance compliance;
};

struct ClaimOutcome {
    bool created = false;  // false: the candidate's earlier claim
    std::string receipt;
};

// The stored receipt text of the candidate's claim, if any.
std::optional<std::string> find_receipt(Db& db, int64_t account_id);

// Throws ApiError too_early (425, with opens_at when scheduled),
// window_paused or window_closed (409) unless claims are accepted at `now`.
void require_window_open(const std::optional<Window>& window, int64_t now);

// claim_id: hex of 16 random bytes, drawn by the caller before the lock.
// Throws NotCompliant, the window's ApiErrors, or a Db error (503).
ClaimOutcome claim_place(Db& db, const Program& program, int64_t account_id, const std::string& claim_id);

}  // namespace guichet::claim
