// A signed checkpoint of the public log: /log/checkpoint.json or
// /log/checkpoints/N.json, {"checkpoint": "<text>", "signature": "<base64 r‖s>"},
// signed with the receipt key (docs/claims.md, "The public log of claims").
#pragma once

#include <cstdint>
#include <string>

#include "crypto/ecdsa.h"
#include "tools/guichet-verify/verify_receipt.h"

namespace guichet::verify {

extern const char kLogName[];  // "guichet-claims-1"

struct Checkpoint {
    int64_t count = 0;
    std::string head;  // the hash of entry `count`, 64 zeros when the log is empty
    std::string program, published_at, window;
};

struct CheckpointRead {
    Verdict verdict = Verdict::unreadable;
    Checkpoint checkpoint;  // when valid
    std::string problem;    // why it is invalid or unreadable
};

// unreadable: not a {checkpoint, signature} object; invalid: the signature
// does not match, or the signed text is not a checkpoint of this log.
CheckpointRead read_checkpoint(const std::string& file_json, const EcKey& key);

}  // namespace guichet::verify
