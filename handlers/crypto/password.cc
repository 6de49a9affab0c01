#include "crypto/password.h"

#include "base/encoding.h"
#include "crypto/digest.h"

namespace guichet {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";

// Decimal digits only, no sign, 1 to kPasswordMaxIterations; stops reading as
// soon as the value is over the bound, so no length overflows it.
std::optional<uint32_t> parse_iterations(std::string_view text) {
    if (text.empty()) return std::nullopt;
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint32_t>(c - '0');
        if (value > kPasswordMaxIterations) return std::nullopt;
    }
    if (value == 0) return std::nullopt;
    return value;
}

}  // namespace

std::string format_password_hash(const PasswordHash& parts) {
    return std::string(kScheme) + "$" + std::to_string(parts.iterations) + "$" + base64_encode(parts.salt) + "$" +
           base64_encode(parts.hash);
}

std::string hash_password(std::string_view password, uint32_t iterations, Random& random) {
    PasswordHash parts;
    parts.iterations = iterations;
    parts.salt = random.bytes(kPasswordSaltBytes);
    parts.hash = pbkdf2_sha256(password, parts.salt, iterations, kPasswordHashBytes);
    return format_password_hash(parts);
}

std::optional<PasswordHash> parse_password_hash(std::string_view stored) {
    std::string_view parts[4];
    for (int i = 0; i < 3; ++i) {
        size_t dollar = stored.find('$');
        if (dollar == std::string_view::npos) return std::nullopt;
        parts[i] = stored.substr(0, dollar);
        stored.remove_prefix(dollar + 1);
    }
    parts[3] = stored;
    if (parts[0] != kScheme) return std::nullopt;
    auto iterations = parse_iterations(parts[1]);
    if (!iterations) return std::nullopt;
    // base64 of 64 bytes is 88 characters: a longer field is not worth decoding.
    if (parts[2].size() > 88 || parts[3].size() > 88) return std::nullopt;
    auto salt = base64_decode(parts[2]);
    auto hash = base64_decode(parts[3]);
    if (!salt || !hash || salt->size() < kPasswordMinSaltBytes || salt->size() > kPasswordMaxSaltBytes ||
        hash->size() != kPasswordHashBytes) {
        return std::nullopt;
    }
    return PasswordHash{*iterations, *salt, *hash};
}

bool verify_password(std::string_view password, std::string_view stored) {
    auto parts = parse_password_hash(stored);
    if (!parts) return false;
    std::string computed = pbkdf2_sha256(password, parts->salt, parts->iterations, kPasswordHashBytes);
    return equal_constant_time(computed, parts->hash);
}

bool needs_rehash(std::string_view stored, uint32_t configured_iterations) {
    auto parts = parse_password_hash(stored);
    return !parts || parts->iterations < configured_iterations || parts->salt.size() != kPasswordSaltBytes;
}

std::string dummy_password_hash(uint32_t iterations, Random& random) {
    PasswordHash dummy;
    dummy.iterations = iterations;
    dummy.salt = random.bytes(kPasswordSaltBytes);
    dummy.hash = random.bytes(kPasswordHashBytes);
    return format_password_hash(dummy);
}

}  // namespace guichet
