#include "domain/review.h"

#include "base/api_error.h"
#include "base/clock.h"
#include "base/validate.h"
#include "domain/audit.h"
#include "domain/outbox.h"
#include "domain/window.h"

namespace guichet {

namespace {

struct Reviewed {
    int64_t rank = 0;
    int64_t account_id = 0;
    std::string outcome;
};

Reviewed reviewed_claim(Db& db, const std::string& claim_id) {
    Stmt stmt = db.prepare("SELECT rank, account_id, outcome FROM claims WHERE claim_id = ?1");
    stmt.bind(1, claim_id);
    if (!stmt.step()) throw ApiError(Err::not_found, "no such claim");
    return Reviewed{stmt.int64(0), stmt.int64(1), stmt.text(2)};
}

Json decision_value(const ReviewDecision& d) {
    Json value(json_object());
    json_object_set_new(value.get(), "claim_id", json_str(d.claim_id));
    json_object_set_new(value.get(), "decision", json_str(d.decision));
    json_object_set_new(value.get(), "reason", json_str(d.reason));
    if (d.decision == "rejected") {
        json_object_set_new(value.get(), "promoted", d.promoted.empty() ? json_null() : json_str(d.promoted));
    }
    return value;
}

void set_time_or_null(json_t* object, const char* key, const Stmt& stmt, int column) {
    json_object_set_new(object, key, stmt.is_null(column) ? json_null() : json_str(format_time(stmt.int64(column))));
}

}  // namespace

std::optional<ReviewDecision> find_review(Db& db, const std::string& claim_id) {
    Stmt stmt = db.prepare("SELECT decision, reason, decided_by, decided_at FROM reviews WHERE claim_id = ?1");
    stmt.bind(1, claim_id);
    if (!stmt.step()) return std::nullopt;
    ReviewDecision found;
    found.claim_id = claim_id;
    found.decision = stmt.text(0);
    found.reason = stmt.text(1);
    found.decided_by = stmt.text(2);
    found.decided_at = stmt.int64(3);
    return found;
}

ReviewDecision decide_review(Db& db, const std::string& claim_id, const std::string& decision,
                             const std::string& reason, int64_t now, int64_t confirm_ms, const Actor& actor) {
    std::map<std::string, std::string> problems;
    if (decision != "accepted" && decision != "rejected") problems["decision"] = field_error::invalid;
    if (reason.empty()) problems["reason"] = field_error::missing;
    if (reason.size() > kReasonMax) problems["reason"] = field_error::too_long;
    if (!problems.empty()) throw ApiError(Err::invalid, std::move(problems));

    Transaction tx(db, Transaction::write);
    expire_offers(db, now, confirm_ms, actor);  // an expired offer must not be reviewed as if held
    Reviewed claim = reviewed_claim(db, claim_id);
    if (std::optional<ReviewDecision> earlier = find_review(db, claim_id)) {
        if (earlier->decision != decision) {
            throw ApiError(Err::already_reviewed).with_extra("decision", earlier->decision);
        }
        tx.commit();      // keeps the sweep's work
        return *earlier;  // the same decision again: nothing to do (changed = false)
    }
    std::optional<Offer> offer = find_offer(db, claim_id);
    if (claim.outcome != "granted") throw ApiError(Err::not_reviewable, "the claim holds no place");
    if (offer && offer->open()) throw ApiError(Err::not_reviewable, "the offer is not confirmed yet");

    ReviewDecision made{claim_id, decision, reason, actor.who, now, true, ""};
    db.prepare("INSERT INTO reviews (claim_id, decision, reason, decided_by, decided_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, claim_id)
        .bind(2, decision)
        .bind(3, reason)
        .bind(4, actor.who)
        .bind(5, now)
        .run();
    if (decision == "rejected") {
        enqueue_message(db, "review_rejected", claim.account_id, claim.rank, now);
        made.promoted = free_place(db, claim_id, now, confirm_ms, actor);
    }
    Json before(json_object());
    json_object_set_new(before.get(), "claim_id", json_str(claim_id));
    json_object_set_new(before.get(), "decision", json_null());
    Json after = decision_value(made);
    append_audit(db, actor.who, decision == "accepted" ? "review_accepted" : "review_rejected", before.get(),
                 after.get(), actor.from, now);
    tx.commit();
    return made;
}

Json review_list_json(Db& db) {
    std::optional<Window> window = load_window(db);
    bool lottery = window && window->policy == "lottery";
    Stmt stmt = db.prepare(
        "SELECT c.claim_id, c.rank, c.draw_rank, c.received_at, a.name, a.email, c.outcome, "
        "r.decision, r.reason, r.decided_by, r.decided_at, "
        "o.offered_at, o.confirm_by, o.confirmed_at, o.expired_at, o.freed_by, o.id "
        "FROM claims c JOIN accounts a ON a.id = c.account_id "
        "LEFT JOIN reviews r ON r.claim_id = c.claim_id LEFT JOIN offers o ON o.claim_id = c.claim_id "
        "WHERE c.outcome = 'granted' OR o.id IS NOT NULL "
        "ORDER BY CASE WHEN ?1 = 1 THEN c.draw_rank END, c.rank");  // (PostgreSQL: WHEN takes a boolean)
    stmt.bind(1, static_cast<int64_t>(lottery));
    Json out(json_object());
    json_t* list = json_array();
    json_object_set_new(out.get(), "claims", list);
    int64_t holding = 0, accepted = 0, rejected = 0, open_offers = 0;
    while (stmt.step()) {
        json_t* item = json_object();
        json_object_set_new(item, "claim_id", json_str(stmt.text(0)));
        // One meaning for rank, as in the export: the final one (the draw's
        // under the lottery), and the order of arrival beside it.
        json_object_set_new(item, "rank", json_integer(stmt.is_null(2) ? stmt.int64(1) : stmt.int64(2)));
        json_object_set_new(item, "arrival_rank", json_integer(stmt.int64(1)));
        json_object_set_new(item, "received_at", json_str(format_time(stmt.int64(3))));
        json_object_set_new(item, "name", json_str(stmt.text(4)));
        json_object_set_new(item, "email", json_str(stmt.text(5)));
        json_object_set_new(item, "outcome", json_str(stmt.text(6)));
        bool has_review = !stmt.is_null(7);
        if (has_review) {
            json_t* review = json_object();
            json_object_set_new(review, "decision", json_str(stmt.text(7)));
            json_object_set_new(review, "reason", json_str(stmt.text(8)));
            json_object_set_new(review, "decided_by", json_str(stmt.text(9)));
            json_object_set_new(review, "decided_at", json_str(format_time(stmt.int64(10))));
            json_object_set_new(item, "review", review);
            if (stmt.text(7) == "accepted") ++accepted;
            else ++rejected;
        } else {
            json_object_set_new(item, "review", json_null());
        }
        bool has_offer = !stmt.is_null(16);
        if (has_offer) {
            json_t* offer = json_object();
            set_time_or_null(offer, "offered_at", stmt, 11);
            set_time_or_null(offer, "confirm_by", stmt, 12);
            set_time_or_null(offer, "confirmed_at", stmt, 13);
            set_time_or_null(offer, "expired_at", stmt, 14);
            json_object_set_new(offer, "freed_by", json_str(stmt.text(15)));
            json_object_set_new(item, "offer", offer);
            if (stmt.is_null(13) && stmt.is_null(14)) ++open_offers;
        } else {
            json_object_set_new(item, "offer", json_null());
        }
        bool holds = stmt.text(6) == "granted" && !(has_review && stmt.text(7) == "rejected");
        if (holds) ++holding;
        json_object_set_new(item, "holds_place", json_boolean(holds));
        json_array_append_new(list, item);
    }
    json_t* counts = json_object();
    json_object_set_new(counts, "holding", json_integer(holding));
    json_object_set_new(counts, "accepted", json_integer(accepted));
    json_object_set_new(counts, "rejected", json_integer(rejected));
    json_object_set_new(counts, "undecided", json_integer(holding - accepted));
    json_object_set_new(counts, "offers_open", json_integer(open_offers));
    json_object_set_new(out.get(), "counts", counts);
    return out;
}

}  // namespace guichet
