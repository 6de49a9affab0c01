#include "domain/promotion.h"

#include "base/api_error.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/encoding.h"
#include "base/json.h"
#include "crypto/digest.h"
#include "domain/audit.h"
#include "domain/outbox.h"
#include "domain/window.h"

namespace guichet {

namespace {

constexpr int64_t kDayMs = 24 * 3600 * 1000;

struct StoredReceipt {
    std::string claim_id;
    int64_t account_id = 0;
    std::string receipt;
    std::optional<std::string> signature;
};

std::optional<StoredReceipt> claim_row(Db& db, const std::string& claim_id) {
    Stmt stmt = db.prepare("SELECT claim_id, account_id, receipt, signature FROM claims WHERE claim_id = ?1");
    stmt.bind(1, claim_id);
    if (!stmt.step()) return std::nullopt;
    StoredReceipt row{stmt.text(0), stmt.int64(1), stmt.text(2), std::nullopt};
    if (!stmt.is_null(3)) row.signature = stmt.text(3);
    return row;
}

// The first waitlisted claim never offered a place, in the policy's order.
std::optional<std::string> next_in_line(Db& db) {
    std::optional<Window> window = load_window(db);
    bool lottery = window && window->policy == "lottery";
    Stmt stmt = lottery ? db.prepare("SELECT claim_id FROM claims c WHERE outcome = 'waitlisted' "
                                     "AND draw_rank IS NOT NULL AND NOT EXISTS "
                                     "(SELECT 1 FROM offers o WHERE o.claim_id = c.claim_id) ORDER BY draw_rank LIMIT 1")
                        : db.prepare("SELECT claim_id FROM claims c WHERE outcome = 'waitlisted' AND NOT EXISTS "
                                     "(SELECT 1 FROM offers o WHERE o.claim_id = c.claim_id) ORDER BY rank LIMIT 1");
    if (!stmt.step()) return std::nullopt;
    return stmt.text(0);
}

// The claim's current receipt goes to the history, and `receipt` replaces it, unsigned.
void replace_receipt(Db& db, const StoredReceipt& claim, const std::string& outcome, const std::string& receipt,
                     const char* replaced_by, int64_t now) {
    Stmt keep = db.prepare(
        "INSERT INTO receipt_history (claim_id, receipt, signature, replaced_at, replaced_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    keep.bind(1, claim.claim_id).bind(2, claim.receipt).bind(4, now).bind(5, replaced_by);
    if (claim.signature) keep.bind(3, *claim.signature);
    else keep.bind_null(3);
    keep.run();
    db.prepare("UPDATE claims SET outcome = ?2, receipt = ?3, signature = NULL WHERE claim_id = ?1")
        .bind(1, claim.claim_id)
        .bind(2, outcome)
        .bind(3, receipt)
        .run();
}

void move_places_granted(Db& db, int64_t by, int64_t now) {
    db.prepare("UPDATE intake_window SET places_granted = places_granted + ?1, updated_at = ?2 WHERE id = 1")
        .bind(1, by)
        .bind(2, now)
        .run();
}

Json offer_value(const std::string& claim_id, const std::string& freed_by, int64_t confirm_by) {
    Json value(json_object());
    json_object_set_new(value.get(), "claim_id", json_str(claim_id));
    json_object_set_new(value.get(), "freed_by", json_str(freed_by));
    json_object_set_new(value.get(), "confirm_by", json_str(format_time(confirm_by)));
    return value;
}

Offer offer_from(const Stmt& stmt) {
    Offer offer;
    offer.id = stmt.int64(0);
    offer.claim_id = stmt.text(1);
    offer.freed_by = stmt.text(2);
    offer.offered_at = stmt.int64(3);
    offer.confirm_by = stmt.int64(4);
    if (!stmt.is_null(5)) offer.confirmed_at = stmt.int64(5);
    if (!stmt.is_null(6)) offer.expired_at = stmt.int64(6);
    return offer;
}

}  // namespace

int64_t promotion_window_ms() { return env_int("GUICHET_PROMOTION_DAYS", 7, 1, 90) * kDayMs; }

std::string receipt_sha256(const std::string& text) { return hex_encode(sha256(text)); }

std::string promoted_receipt(const std::string& earlier, int64_t now, int64_t confirm_by) {
    Json value = json_parse_object(earlier);
    json_object_set_new(value.get(), "outcome", json_str("granted"));
    json_object_set_new(value.get(), "replaces", json_str(receipt_sha256(earlier)));
    json_object_set_new(value.get(), "promoted_at", json_str(format_time(now)));
    json_object_set_new(value.get(), "confirm_by", json_str(format_time(confirm_by)));
    return json_dump(value.get());
}

std::string expired_receipt(const std::string& earlier, int64_t now) {
    Json value = json_parse_object(earlier);
    json_object_set_new(value.get(), "outcome", json_str("waitlisted"));
    json_object_set_new(value.get(), "replaces", json_str(receipt_sha256(earlier)));
    json_object_set_new(value.get(), "offer_expired_at", json_str(format_time(now)));
    json_object_del(value.get(), "confirm_by");
    return json_dump(value.get());
}

std::optional<Offer> find_offer(Db& db, const std::string& claim_id) {
    Stmt stmt = db.prepare(
        "SELECT id, claim_id, freed_by, offered_at, confirm_by, confirmed_at, expired_at FROM offers WHERE claim_id = ?1");
    stmt.bind(1, claim_id);
    if (!stmt.step()) return std::nullopt;
    return offer_from(stmt);
}

std::string free_place(Db& db, const std::string& freed_by, int64_t now, int64_t confirm_ms, const Actor& actor) {
    move_places_granted(db, -1, now);
    std::optional<std::string> next = next_in_line(db);
    if (!next) return "";
    std::optional<StoredReceipt> claim = claim_row(db, *next);
    int64_t confirm_by = now + confirm_ms;
    replace_receipt(db, *claim, "granted", promoted_receipt(claim->receipt, now, confirm_by), "promotion", now);
    // UNIQUE (freed_by): were this place already offered, the insert fails and
    // the caller's transaction rolls back whole.
    db.prepare("INSERT INTO offers (claim_id, freed_by, offered_at, confirm_by) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, claim->claim_id)
        .bind(2, freed_by)
        .bind(3, now)
        .bind(4, confirm_by)
        .run();
    int64_t offer_id = db.last_insert_id();
    move_places_granted(db, +1, now);
    enqueue_message(db, "promotion", claim->account_id, offer_id, now);
    Json after = offer_value(claim->claim_id, freed_by, confirm_by);
    append_audit(db, actor.who, "offer_made", nullptr, after.get(), actor.from, now);
    return claim->claim_id;
}

bool offers_due(Db& db, int64_t now) {
    Transaction tx(db, Transaction::read);
    Stmt stmt = db.prepare(
        "SELECT 1 FROM offers WHERE confirmed_at IS NULL AND expired_at IS NULL AND confirm_by <= ?1 LIMIT 1");
    stmt.bind(1, now);
    return stmt.step();
}

int expire_offers(Db& db, int64_t now, int64_t confirm_ms, const Actor& actor) {
    std::vector<Offer> due;
    {
        Stmt stmt = db.prepare(
            "SELECT id, claim_id, freed_by, offered_at, confirm_by, confirmed_at, expired_at FROM offers "
            "WHERE confirmed_at IS NULL AND expired_at IS NULL AND confirm_by <= ?1 ORDER BY confirm_by, id");
        stmt.bind(1, now);
        while (stmt.step()) due.push_back(offer_from(stmt));
    }
    for (const Offer& offer : due) {
        db.prepare("UPDATE offers SET expired_at = ?2 WHERE id = ?1").bind(1, offer.id).bind(2, now).run();
        std::optional<StoredReceipt> claim = claim_row(db, offer.claim_id);
        replace_receipt(db, *claim, "waitlisted", expired_receipt(claim->receipt, now), "offer_expired", now);
        enqueue_message(db, "offer_expired", claim->account_id, offer.id, now);
        Json before = offer_value(offer.claim_id, offer.freed_by, offer.confirm_by);
        Json after(json_deep_copy(before.get()));
        json_object_set_new(after.get(), "expired_at", json_str(format_time(now)));
        append_audit(db, actor.who, "offer_expired", before.get(), after.get(), actor.from, now);
        // The expired candidate's place moves on: the offer's (sweeps run one
        // at a time under the write lock, so the next in line is the next one).
        free_place(db, offer.claim_id, now, confirm_ms, actor);
    }
    return static_cast<int>(due.size());
}

int sweep_offers(Db& db, int64_t now, int64_t confirm_ms, const Actor& actor) {
    if (!offers_due(db, now)) return 0;
    Transaction tx(db, Transaction::write);
    int expired = expire_offers(db, now, confirm_ms, actor);
    tx.commit();
    return expired;
}

Offer confirm_offer(Db& db, int64_t account_id, int64_t now, int64_t confirm_ms) {
    Transaction tx(db, Transaction::write);
    expire_offers(db, now, confirm_ms, Actor{"sweep", "claim"});
    std::string claim_id;
    {
        Stmt stmt = db.prepare("SELECT claim_id FROM claims WHERE account_id = ?1");
        stmt.bind(1, account_id);
        if (!stmt.step()) throw ApiError(Err::no_offer, "no claim");
        claim_id = stmt.text(0);
    }
    std::optional<Offer> offer = find_offer(db, claim_id);
    if (!offer) throw ApiError(Err::no_offer);
    if (offer->expired_at) throw ApiError(Err::offer_expired).with_extra("confirm_by", format_time(offer->confirm_by));
    if (!offer->confirmed_at) {
        db.prepare("UPDATE offers SET confirmed_at = ?2 WHERE id = ?1").bind(1, offer->id).bind(2, now).run();
        offer->confirmed_at = now;
    }
    tx.commit();
    return *offer;
}

std::vector<PastReceipt> receipt_history(Db& db, const std::string& claim_id) {
    std::vector<PastReceipt> past;
    {
        Stmt stmt = db.prepare("SELECT receipt_before_draw FROM claims WHERE claim_id = ?1 AND receipt_before_draw IS NOT NULL");
        stmt.bind(1, claim_id);
        if (stmt.step()) past.push_back({stmt.text(0), std::nullopt, "draw"});
    }
    Stmt stmt = db.prepare("SELECT receipt, signature, replaced_by FROM receipt_history WHERE claim_id = ?1 ORDER BY id");
    stmt.bind(1, claim_id);
    while (stmt.step()) {
        PastReceipt entry{stmt.text(0), std::nullopt, stmt.text(2)};
        if (!stmt.is_null(1)) entry.signature = stmt.text(1);
        past.push_back(std::move(entry));
    }
    return past;
}

}  // namespace guichet
