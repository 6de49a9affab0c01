// The draw of a lottery window: one write transaction that ranks every claim
// of the draw period by its lottery key (domain/lottery.h), grants the first
// places_total, waitlists the rest, ranks the claims that arrived after the
// period behind them in arrival order, replaces each claim's receipt with the
// final one (the old text is kept in receipt_before_draw), reveals the seed
// and writes an audit row. Either all of it commits or none of it does.
//
// Then draw.json, the public record anyone can check with guichet-verify draw:
//   {"claim_ids": [the period's claim ids in arrival order], "draw_ends_at",
//    "drawn_at", "places_total", "ranking": [the same ids in drawn order],
//    "seed", "seed_commitment", "method"}
#pragma once

#include <jansson.h>

#include <cstdint>
#include <functional>
#include <string>

#include "base/json.h"
#include "store/db.h"

namespace guichet {

struct DrawSummary {
    int64_t in_period = 0;     // claims drawn
    int64_t after_period = 0;  // claims ranked after them in arrival order
    int64_t granted = 0;
    int64_t drawn_at = 0;
};

// Throws ApiError conflict (no lottery window), draw_too_early (425, with
// draw_ends_at) before the period ends, draw_done (409) once it has run.
// before_commit runs last inside the transaction (fault injection in tests).
DrawSummary run_draw(Db& db, int64_t now, const std::string& who, const std::string& from,
                     const std::function<void()>& before_commit = {});

// The receipt after the draw: the earlier text with rank = the final rank,
// arrival_rank = the order of arrival, the outcome and drawn_at.
std::string final_receipt(const std::string& receipt, int64_t final_rank, int64_t arrival_rank,
                          const std::string& outcome, int64_t drawn_at);

// The public record of a draw that has run (throws ApiError conflict before).
Json draw_public_json(Db& db);
// Writes it to <status_dir>/draw.json atomically (served at /status/draw.json).
void publish_draw(Db& db, const std::string& status_dir);

}  // namespace guichet
