#include "accounts/password_hash.h"

#include <cstdlib>

#include "crypto/digest.h"
#include "base/encoding.h"

namespace guichet::accounts {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
// Above this a stored hash is treated as malformed: a corrupted row must not
// make one login burn minutes of a core.
constexpr uint32_t kMaxIterations = 10000000;

}  // namespace

std::string format_hash(const StoredHash& parts) {
    return std::string(kScheme) + "$" + std::to_string(parts.iterations) + "$" + base64_encode(parts.salt) + "$" +
           base64_encode(parts.hash);
}

std::string hash_password(std::string_view password, uint32_t iterations, Random& random) {
    StoredHash parts;
    parts.iterations = iterations;
    parts.salt = random.bytes(kSaltBytes);
    parts.hash = pbkdf2_sha256(password, parts.salt, iterations, kHashBytes);
    return format_hash(parts);
}

std::optional<StoredHash> parse_hash(std::string_view stored) {
    std::string_view parts[4];
    for (int i = 0; i < 3; ++i) {
        size_t dollar = stored.find('$');
        if (dollar == std::string_view::npos) return std::nullopt;
        parts[i] = stored.substr(0, dollar);
        stored.remove_prefix(dollar + 1);
    }
    parts[3] = stored;
    if (parts[0] != kScheme || parts[1].empty() || parts[1].size() > 8) return std::nullopt;
    uint32_t iterations = 0;
    for (char c : parts[1]) {
        if (c < '0' || c > '9') return std::nullopt;
        iterations = iterations * 10 + static_cast<uint32_t>(c - '0');
    }
    if (iterations == 0 || iterations > kMaxIterations) return std::nullopt;
    auto salt = base64_decode(parts[2]);
    auto hash = base64_decode(parts[3]);
    if (!salt || !hash || salt->size() != kSaltBytes || hash->size() != kHashBytes) return std::nullopt;
    return StoredHash{iterations, *salt, *hash};
}

bool verify_password(std::string_view password, std::string_view stored) {
    auto parts = parse_hash(stored);
    if (!parts) return false;
    std::string computed = pbkdf2_sha256(password, parts->salt, parts->iterations, kHashBytes);
    return equal_constant_time(computed, parts->hash);
}

bool needs_rehash(std::string_view stored, uint32_t configured_iterations) {
    auto parts = parse_hash(stored);
    return !parts || parts->iterations < configured_iterations;
}

}  // namespace guichet::accounts
