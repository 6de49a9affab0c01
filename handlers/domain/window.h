// The intake window: its stored settings and the state that follows from the
// server's clock. Shared by the window, claim and admin handlers and the
// operator's command line, so they can never disagree about "open".
#pragma once

#include <jansson.h>

#include <cstdint>
#include <optional>
#include <string>

#include "base/json.h"
#include "store/db.h"

namespace guichet {

enum class WindowState { scheduled, open, paused, closed };

struct Window {
    int64_t opens_at = 0;
    int64_t closes_at = 0;
    int64_t places_total = 0;
    std::string policy = "fcfs";
    bool paused = false;
    std::optional<int64_t> closed_early_at;
    std::optional<int64_t> draw_ends_at;
    std::string seed_commitment;  // hex, lottery only
    std::string seed;             // hex, only once revealed
    std::optional<int64_t> drawn_at;
    int64_t places_granted = 0;
    int64_t claims_count = 0;
    int64_t updated_at = 0;
};

// The stored window, or nullopt when none has been scheduled yet.
std::optional<Window> load_window(Db& db);
WindowState window_state(const Window& window, int64_t now);
const char* state_name(WindowState state);
// The public view of GET /api/window (window may be absent: not scheduled yet).
Json window_public_json(const std::optional<Window>& window, int64_t now);

// Settings an administrator schedules.
struct WindowSettings {
    int64_t opens_at;
    int64_t closes_at;
    int64_t places_total;
    std::string policy;  // "fcfs" or "lottery"
    std::optional<int64_t> draw_ends_at;
    std::string seed_commitment;
};
// Creates or changes the schedule, inside the caller's write transaction.
// Refuses (ApiError "window_locked") to move opens_at or change places_total
// or policy once the window has opened, and rejects inconsistent settings
// (ApiError "invalid" with fields).
void store_window(Db& db, const WindowSettings& settings, int64_t now);
void set_paused(Db& db, bool paused, int64_t now);
void close_window(Db& db, int64_t now);

}  // namespace guichet
