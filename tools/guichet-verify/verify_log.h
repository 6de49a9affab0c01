// guichet-verify log: the public log of claims checked from its published
// files alone (docs/claims.md, "The public log of claims"): the checkpoint's
// signature, the whole chain from entry 1, every checkpoint in checkpoints/,
// and optionally a receipt's inclusion and an older checkpoint's consistency.
#pragma once

#include <optional>
#include <string>

#include "tools/guichet-verify/log_chain.h"
#include "tools/guichet-verify/verify_receipt.h"

namespace guichet::verify {

struct LogExpectations {
    std::optional<std::string> receipt;  // a {receipt, signature} answer: is its entry in the log?
    std::optional<std::string> since;    // a checkpoint file kept from earlier: was the log only extended?
};

struct LogCheck {
    Verdict verdict = Verdict::unreadable;
    std::string problem;  // the first check that failed, and why
    std::string report;   // what was checked, for people to read (when valid)
};

LogCheck check_log(LogSource& source, const std::string& public_pem, const LogExpectations& expect = {});

}  // namespace guichet::verify
