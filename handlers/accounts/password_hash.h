// Password storage: PBKDF2-HMAC-SHA256 with a 16-byte random salt per
// account, the algorithm and cost stored beside the hash so the cost can be
// raised later (an account is rehashed at its next successful login).
//
// Stored form: "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/random.h"

namespace guichet::accounts {

inline constexpr size_t kSaltBytes = 16;
inline constexpr size_t kHashBytes = 32;

struct StoredHash {
    uint32_t iterations = 0;
    std::string salt;  // raw bytes
    std::string hash;  // raw bytes
};

// A new stored hash for a password, with a fresh salt.
std::string hash_password(std::string_view password, uint32_t iterations, Random& random);
// The stored form for given parts (used by hash_password and the dummy hash).
std::string format_hash(const StoredHash& parts);
// Parses a stored form; nullopt when it is not one we wrote.
std::optional<StoredHash> parse_hash(std::string_view stored);
// Whether the password matches (constant-time comparison). A malformed stored
// form never matches.
bool verify_password(std::string_view password, std::string_view stored);
// Whether a stored hash should be recomputed at the configured cost.
bool needs_rehash(std::string_view stored, uint32_t configured_iterations);

}  // namespace guichet::accounts
