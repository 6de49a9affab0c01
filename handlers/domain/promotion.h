// Promotion from the waiting list (db/migrations/0016_review.sql). A place is
// freed when a granted claim is rejected (domain/review.h) or when a promoted
// candidate lets the deadline pass; it is then offered to the first waitlisted
// claim that was never offered one: by rank under fcfs, by draw rank under the
// lottery. The candidate gets a new receipt (outcome granted, "replaces": the
// SHA-256 of the earlier text, "confirm_by"), an email, and until confirm_by to
// confirm; past it the offer expires, the candidate gets a waitlisted receipt
// naming the promoted one, and the place moves on to the next.
//
// New receipts are stored unsigned (signature NULL): the receipt key is the
// claim pool's alone, and the claim pool signs such a receipt deterministically
// whenever it shows it (claim/receipt.h), as after the draw.
//
// Every write here runs inside the caller's write transaction (BEGIN
// IMMEDIATE), so reviewers and sweepers acting at once are serialised; and the
// offers table's UNIQUE (freed_by) and UNIQUE (claim_id) make a freed place
// offered exactly once and a claim offered at most once, whatever happens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace guichet {

// How long a promoted candidate has to confirm: GUICHET_PROMOTION_DAYS
// (default 7, 1 to 90 days).
int64_t promotion_window_ms();

// Who acts, for the audit log: an admin's name, "cli:<user>" or "sweep", and
// from where (a client address, "local", or the pool that swept).
struct Actor {
    std::string who;
    std::string from;
};

struct Offer {
    int64_t id = 0;
    std::string claim_id;
    std::string freed_by;
    int64_t offered_at = 0;
    int64_t confirm_by = 0;
    std::optional<int64_t> confirmed_at;
    std::optional<int64_t> expired_at;
    bool open() const { return !confirmed_at && !expired_at; }
};
std::optional<Offer> find_offer(Db& db, const std::string& claim_id);

// The place `freed_by` held is free: it is given up (places_granted - 1) and
// offered to the next in line (places_granted + 1), with a new receipt, an
// offer until now + confirm_ms, a `promotion` email and an `offer_made` audit
// row. Returns the promoted claim's id, or "" when nobody is waiting.
std::string free_place(Db& db, const std::string& freed_by, int64_t now, int64_t confirm_ms, const Actor& actor);

// A read: whether an open offer has reached its deadline.
bool offers_due(Db& db, int64_t now);
// Inside the caller's write transaction: every open offer whose deadline has
// passed expires (waitlisted receipt, `offer_expired` email and audit row) and
// its place moves on. Returns how many expired.
int expire_offers(Db& db, int64_t now, int64_t confirm_ms, const Actor& actor);
// What every path that reads or changes offers runs first: offers_due, and
// only then expire_offers in its own write transaction (so an idle site never
// takes the write lock for it). Returns how many expired.
int sweep_offers(Db& db, int64_t now, int64_t confirm_ms, const Actor& actor);

// The candidate confirms the place offered to their claim, in its own write
// transaction (after the sweep, inside it). Confirming again is a no-op.
// Throws ApiError no_offer (409: no claim, or never offered a place) or
// offer_expired (409).
Offer confirm_offer(Db& db, int64_t account_id, int64_t now, int64_t confirm_ms);

struct PastReceipt {
    std::string receipt;
    std::optional<std::string> signature;  // stored one; else signed when shown
    std::string replaced_by;               // draw, promotion, offer_expired
};
// The receipts the claim held before its current one, oldest first: the one
// before the draw, then those a promotion or an expiry replaced.
std::vector<PastReceipt> receipt_history(Db& db, const std::string& claim_id);

// hex SHA-256 of a receipt's text: what "replaces" names.
std::string receipt_sha256(const std::string& text);
// The earlier receipt with outcome granted, replaces, promoted_at and confirm_by.
std::string promoted_receipt(const std::string& earlier, int64_t now, int64_t confirm_by);
// The earlier (promoted) receipt with outcome waitlisted, replaces and
// offer_expired_at, without confirm_by.
std::string expired_receipt(const std::string& earlier, int64_t now);

}  // namespace guichet
