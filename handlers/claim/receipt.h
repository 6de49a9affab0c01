// The claim's receipt: a compact JSON text with sorted keys, built only from
// the stored claim, so the text is the same every time it is built; and the
// {receipt, signature} answer. The signature is the same bytes on every POST
// and GET: either the one stored with the claim (made at claim time with a
// precomputed nonce) or deterministic ECDSA (RFC 6979), computed again each
// time from the key and the text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "crypto/ecdsa.h"
#include "crypto/random.h"
#include "http/response.h"

namespace guichet::claim {

// What a lottery window's receipt adds: when the draw period ends, the
// published commitment to the seed, and whether this claim is in the draw.
struct LotteryFacts {
    int64_t draw_ends_at = 0;     // ms
    std::string seed_commitment;  // hex SHA-256 of the secret seed
    bool in_draw = false;         // received before draw_ends_at
};

struct ReceiptFacts {
    std::string program;          // program id from db/program.json
    std::string claim_id;         // hex of 16 random bytes
    std::string candidate;        // the account's email address
    int64_t received_at = 0;      // ms, server clock
    int64_t rank = 0;             // the arrival rank
    std::string outcome;          // granted | waitlisted | pending_draw
    int64_t places_total = 0;
    std::string dossier_sha256;   // hex
    std::optional<LotteryFacts> lottery;
    int64_t log_index = 0;        // its entry in the public log (domain/claim_log.h); 0: none
    std::string log_hash;         // that entry's hash, hex
};

// {"candidate","claim_id","dossier_sha256","outcome","places_total","program",
//  "rank","received_at"} as compact JSON with sorted keys; a lottery window's
// receipt adds "draw_ends_at", "in_draw" and "seed_commitment" (and while it
// waits for the draw, "rank" is null and "arrival_rank" holds the order of
// arrival); a claim in the
// public log adds "log_index" and "log_hash".
std::string receipt_text(const ReceiptFacts& facts);

// status with {"receipt": text, "signature": base64 of the 64-byte r||s}:
// the stored signature when there is one, else a deterministic one.
Response receipt_response(int status, const std::string& receipt, const std::optional<std::string>& signature,
                          const EcKey& key, Random& random);

}  // namespace guichet::claim
