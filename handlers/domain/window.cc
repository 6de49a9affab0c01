#include "domain/window.h"

#include "base/api_error.h"
#include "base/validate.h"
#include "base/clock.h"
#include "base/json.h"
#include "domain/outbox.h"

namespace guichet {

std::optional<Window> load_window(Db& db) {
    Stmt stmt = db.prepare(
        "SELECT opens_at, closes_at, places_total, policy, paused, closed_early_at, draw_ends_at, "
        "seed_commitment, seed, drawn_at, places_granted, claims_count, updated_at FROM intake_window WHERE id = 1");
    if (!stmt.step()) return std::nullopt;
    Window w;
    w.opens_at = stmt.int64(0);
    w.closes_at = stmt.int64(1);
    w.places_total = stmt.int64(2);
    w.policy = stmt.text(3);
    w.paused = stmt.int64(4) != 0;
    if (!stmt.is_null(5)) w.closed_early_at = stmt.int64(5);
    if (!stmt.is_null(6)) w.draw_ends_at = stmt.int64(6);
    w.seed_commitment = stmt.text(7);
    w.seed = stmt.text(8);
    if (!stmt.is_null(9)) w.drawn_at = stmt.int64(9);
    w.places_granted = stmt.int64(10);
    w.claims_count = stmt.int64(11);
    w.updated_at = stmt.int64(12);
    return w;
}

WindowState window_state(const Window& w, int64_t now) {
    if (w.closed_early_at && now >= *w.closed_early_at) return WindowState::closed;
    if (now >= w.closes_at) return WindowState::closed;
    if (now < w.opens_at) return WindowState::scheduled;
    return w.paused ? WindowState::paused : WindowState::open;
}

const char* state_name(WindowState state) {
    switch (state) {
        case WindowState::scheduled: return "scheduled";
        case WindowState::open: return "open";
        case WindowState::paused: return "paused";
        case WindowState::closed: return "closed";
    }
    return "closed";
}

Json window_public_json(const std::optional<Window>& window, int64_t now) {
    Json result(json_object());
    json_t* out = result.get();
    json_object_set_new(out, "server_time", json_str(format_time(now)));
    if (!window) {
        json_object_set_new(out, "state", json_string("scheduled"));
        json_object_set_new(out, "opens_at", json_null());
        json_object_set_new(out, "closes_at", json_null());
        json_object_set_new(out, "places_total", json_integer(0));
        json_object_set_new(out, "places_left", json_integer(0));
        json_object_set_new(out, "policy", json_string("fcfs"));
        return result;
    }
    const Window& w = *window;
    json_object_set_new(out, "state", json_string(state_name(window_state(w, now))));
    json_object_set_new(out, "opens_at", json_str(format_time(w.opens_at)));
    json_object_set_new(out, "closes_at", json_str(format_time(w.closed_early_at ? *w.closed_early_at : w.closes_at)));
    json_object_set_new(out, "places_total", json_integer(w.places_total));
    int64_t left = w.places_total - w.places_granted;
    json_object_set_new(out, "places_left", json_integer(left > 0 ? left : 0));
    json_object_set_new(out, "policy", json_str(w.policy));
    if (w.policy == "lottery") {
        if (w.draw_ends_at) json_object_set_new(out, "draw_ends_at", json_str(format_time(*w.draw_ends_at)));
        if (!w.seed_commitment.empty()) json_object_set_new(out, "seed_commitment", json_str(w.seed_commitment));
        if (!w.seed.empty()) json_object_set_new(out, "seed", json_str(w.seed));
    }
    return result;
}

void store_window(Db& db, const WindowSettings& s, int64_t now) {
    std::map<std::string, std::string> problems;
    if (s.closes_at <= s.opens_at) problems["closes_at"] = field_error::before_opening;
    if (s.places_total < 0) problems["places_total"] = field_error::out_of_range;
    if (s.policy != "fcfs" && s.policy != "lottery") problems["policy"] = field_error::invalid;
    if (s.policy == "lottery" && (!s.draw_ends_at || *s.draw_ends_at <= s.opens_at || *s.draw_ends_at > s.closes_at)) {
        problems["draw_ends_at"] = field_error::invalid;
    }
    if (!problems.empty()) throw ApiError(Err::invalid, std::move(problems));

    std::optional<Window> current = load_window(db);
    if (current && now >= current->opens_at) {
        if (s.opens_at != current->opens_at) throw ApiError(Err::window_locked, "opens_at", {{"opens_at", field_error::locked}});
        if (s.places_total != current->places_total) {
            throw ApiError(Err::window_locked, "places_total", {{"places_total", field_error::locked}});
        }
        if (s.policy != current->policy) throw ApiError(Err::window_locked, "policy", {{"policy", field_error::locked}});
        // Who is in a lottery's draw follows from draw_ends_at: fixed before anyone can claim.
        if (s.policy == "lottery" && s.draw_ends_at != current->draw_ends_at) {
            throw ApiError(Err::window_locked, "draw_ends_at", {{"draw_ends_at", field_error::locked}});
        }
    }
    if (current && s.places_total < current->places_granted) {
        throw ApiError(Err::window_locked, "places_total", {{"places_total", field_error::below_granted}});
    }
    Stmt stmt = db.prepare(
        "INSERT INTO intake_window (id, opens_at, closes_at, places_total, policy, draw_ends_at, seed_commitment, "
        "updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (id) DO UPDATE SET opens_at = ?1, closes_at = ?2, places_total = ?3, policy = ?4, "
        "draw_ends_at = ?5, seed_commitment = COALESCE(NULLIF(?6, ''), intake_window.seed_commitment), updated_at = ?7");
    stmt.bind(1, s.opens_at).bind(2, s.closes_at).bind(3, s.places_total).bind(4, s.policy);
    if (s.draw_ends_at) stmt.bind(5, *s.draw_ends_at);
    else stmt.bind_null(5);
    stmt.bind(6, s.seed_commitment).bind(7, now);
    stmt.run();
    // Every verified account is told of a new or changed schedule (paced by
    // the mailer); the same settings saved again tell nobody.
    if (!current || s.opens_at != current->opens_at || s.closes_at != current->closes_at ||
        s.places_total != current->places_total || s.policy != current->policy) {
        enqueue_for_verified_accounts(db, "window_notice", now, now);
    }
}

void set_paused(Db& db, bool paused, int64_t now) {
    Stmt stmt = db.prepare("UPDATE intake_window SET paused = ?1, updated_at = ?2 WHERE id = 1");
    stmt.bind(1, static_cast<int64_t>(paused ? 1 : 0)).bind(2, now).run();
    if (db.changes() == 0) throw ApiError(Err::conflict, "no window scheduled");
}

void close_window(Db& db, int64_t now) {
    Stmt stmt = db.prepare(
        "UPDATE intake_window SET closed_early_at = COALESCE(closed_early_at, ?1), updated_at = ?1 WHERE id = 1");
    stmt.bind(1, now).run();
    if (db.changes() == 0) throw ApiError(Err::conflict, "no window scheduled");
}

}  // namespace guichet
