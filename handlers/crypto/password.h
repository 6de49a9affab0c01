// Password storage for candidates and administrators alike: argon2id (the
// default, Debian's libargon2, OWASP's m = 19 MiB, t = 2, p = 1; measured in
// docs/accounts.md) or PBKDF2-HMAC-SHA256, with a random salt per password, the
// algorithm and cost stored beside the hash so either can change later (a
// password is rehashed at its next successful login, see needs_rehash).
//
// Stored forms, written with a 16-byte salt and a 32-byte hash:
//   "argon2id$v=19$m=<KiB>,t=<passes>,p=1$<salt base64>$<hash base64>"
//   "pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>"
//
// The parser's limits, one set for every caller:
//   - iterations 1 to 10,000,000: the most GUICHET_PBKDF2_ITERATIONS accepts,
//     so no hash Guichet ever wrote is above it; a higher stored cost is a
//     corrupted or planted row, and one login must not burn minutes of a core
//     (the former admin parser took up to 999,999,999: about 15 minutes).
//   - a hash of exactly 32 bytes (one SHA-256 block): a shorter stored hash is
//     a prefix of the real one, so a truncated row would still match, and a
//     1-byte one would let one guess in 256 in (the former admin parser took
//     any length).
//   - a salt of 8 to 64 bytes (RFC 8018 asks for at least 8): wider than what
//     we write so a hand-made row still verifies; it is then rehashed.
//   - argon2id: memory 8 KiB to 256 MiB, 1 to 10 passes, one lane, version 19
//     (0x13): a planted row cannot make one login allocate gigabytes.
// Anything else is malformed: it never verifies, and parsing it never throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/config.h"
#include "crypto/random.h"

namespace guichet {

inline constexpr size_t kPasswordSaltBytes = 16;
inline constexpr size_t kPasswordHashBytes = 32;
inline constexpr size_t kPasswordMinSaltBytes = 8;
inline constexpr size_t kPasswordMaxSaltBytes = 64;
inline constexpr uint32_t kPasswordMaxIterations = 10000000;
inline constexpr uint32_t kArgon2MinMemoryKib = 8, kArgon2MaxMemoryKib = 256 * 1024, kArgon2MaxPasses = 10;

enum class PasswordScheme { pbkdf2_sha256, argon2id };

struct PasswordHash {
    PasswordScheme scheme = PasswordScheme::pbkdf2_sha256;
    uint32_t iterations = 0;  // pbkdf2-sha256
    uint32_t memory_kib = 0;  // argon2id
    uint32_t passes = 0;      // argon2id
    std::string salt;         // raw bytes
    std::string hash;         // raw bytes
};

// What new hashes are made with: GUICHET_PASSWORD_HASH (argon2id, or
// pbkdf2-sha256), GUICHET_ARGON2_MEMORY_KIB, GUICHET_ARGON2_PASSES,
// GUICHET_PBKDF2_ITERATIONS.
struct PasswordCost {
    PasswordScheme scheme = PasswordScheme::argon2id;
    uint32_t iterations = 100000;
    uint32_t memory_kib = 19456;
    uint32_t passes = 2;
};
PasswordCost password_cost(const Config& config);

// The same three as below, at a configured cost of either scheme.
std::string hash_password(std::string_view password, const PasswordCost& cost, Random& random);
bool needs_rehash(std::string_view stored, const PasswordCost& cost);
std::string dummy_password_hash(const PasswordCost& cost, Random& random);

// A new PBKDF2 stored hash for a password, with a fresh salt.
std::string hash_password(std::string_view password, uint32_t iterations, Random& random);
// The stored form for given parts.
std::string format_password_hash(const PasswordHash& parts);
// Parses a stored form within the limits above; nullopt otherwise.
std::optional<PasswordHash> parse_password_hash(std::string_view stored);
// Whether the password matches (constant-time comparison). A malformed stored
// form never matches.
bool verify_password(std::string_view password, std::string_view stored);
// Whether a stored hash should be recomputed: malformed, a cost below the
// configured one, or a salt of another size than we write.
bool needs_rehash(std::string_view stored, uint32_t configured_iterations);
// A well-formed hash that no password matches, at the given cost: verified
// against when the account is unknown, so that answer costs one PBKDF2 like a
// wrong password.
std::string dummy_password_hash(uint32_t iterations, Random& random);

}  // namespace guichet
