// Checking a lottery draw from its public record (/status/draw.json) alone:
// the revealed seed against the commitment published before the opening,
// then the ranking recomputed from the claim ids (domain/lottery.h).
#pragma once

#include <optional>
#include <string>

#include "tools/guichet-verify/verify_receipt.h"

namespace guichet::verify {

struct DrawCheck {
    Verdict verdict = Verdict::unreadable;
    std::string problem;  // why it is invalid or unreadable
    std::string report;   // what was checked, for people to read (when valid)
};

struct DrawExpectations {
    std::optional<std::string> commitment;  // the one you noted before the opening (a receipt has it)
    std::optional<std::string> claim_id;    // yours: reports your final rank and outcome
};

DrawCheck check_draw(const std::string& draw_json, const DrawExpectations& expect = {});

}  // namespace guichet::verify
