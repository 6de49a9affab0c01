#include "crypto/password.h"

#include <argon2.h>

#include <stdexcept>

#include "base/encoding.h"
#include "crypto/digest.h"

namespace guichet {

namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr std::string_view kArgon2Scheme = "argon2id";

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

// A bounded decimal number ("19456"), within [low, high].
std::optional<uint32_t> parse_bounded(std::string_view text, uint32_t low, uint32_t high) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    uint32_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<uint32_t>(c - '0');
    }
    if (value < low || value > high) return std::nullopt;
    return value;
}

// Splits on '$' into exactly n fields.
bool split_fields(std::string_view stored, std::string_view* fields, int n) {
    for (int i = 0; i < n - 1; ++i) {
        size_t dollar = stored.find('$');
        if (dollar == std::string_view::npos) return false;
        fields[i] = stored.substr(0, dollar);
        stored.remove_prefix(dollar + 1);
    }
    fields[n - 1] = stored;
    return stored.find('$') == std::string_view::npos;
}

// The salt and hash fields, decoded and within the limits.
bool parse_salt_and_hash(std::string_view salt_text, std::string_view hash_text, PasswordHash& parts) {
    // base64 of 64 bytes is 88 characters: a longer field is not worth decoding.
    if (salt_text.size() > 88 || hash_text.size() > 88) return false;
    auto salt = base64_decode(salt_text);
    auto hash = base64_decode(hash_text);
    if (!salt || !hash || salt->size() < kPasswordMinSaltBytes || salt->size() > kPasswordMaxSaltBytes ||
        hash->size() != kPasswordHashBytes) {
        return false;
    }
    parts.salt = *salt;
    parts.hash = *hash;
    return true;
}

// "argon2id$v=19$m=19456,t=2,p=1$salt$hash"
std::optional<PasswordHash> parse_argon2(std::string_view stored) {
    std::string_view fields[5];
    if (!split_fields(stored, fields, 5) || fields[0] != kArgon2Scheme || fields[1] != "v=19") return std::nullopt;
    std::string_view params = fields[2];
    if (params.rfind("m=", 0) != 0) return std::nullopt;
    size_t comma = params.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto memory = parse_bounded(params.substr(2, comma - 2), kArgon2MinMemoryKib, kArgon2MaxMemoryKib);
    std::string_view rest = params.substr(comma + 1);
    if (rest.rfind("t=", 0) != 0 || rest.size() < 6 || rest.substr(rest.size() - 4) != ",p=1") return std::nullopt;
    auto passes = parse_bounded(rest.substr(2, rest.size() - 6), 1, kArgon2MaxPasses);
    if (!memory || !passes) return std::nullopt;
    PasswordHash parts;
    parts.scheme = PasswordScheme::argon2id;
    parts.memory_kib = *memory;
    parts.passes = *passes;
    if (!parse_salt_and_hash(fields[3], fields[4], parts)) return std::nullopt;
    return parts;
}

std::string argon2id(std::string_view password, const std::string& salt, uint32_t passes, uint32_t memory_kib) {
    std::string hash(kPasswordHashBytes, '\0');
    int result = argon2id_hash_raw(passes, memory_kib, 1, password.data(), password.size(), salt.data(), salt.size(),
                                   hash.data(), hash.size());
    if (result != ARGON2_OK) throw std::runtime_error(std::string("argon2id: ") + argon2_error_message(result));
    return hash;
}

}  // namespace

PasswordCost password_cost(const Config& config) {
    PasswordCost cost;
    cost.scheme = config.password_scheme == "pbkdf2-sha256" ? PasswordScheme::pbkdf2_sha256 : PasswordScheme::argon2id;
    cost.iterations = config.pbkdf2_iterations;
    cost.memory_kib = config.argon2_memory_kib;
    cost.passes = config.argon2_passes;
    return cost;
}

std::string format_password_hash(const PasswordHash& parts) {
    if (parts.scheme == PasswordScheme::argon2id) {
        return std::string(kArgon2Scheme) + "$v=19$m=" + std::to_string(parts.memory_kib) + ",t=" +
               std::to_string(parts.passes) + ",p=1$" + base64_encode(parts.salt) + "$" + base64_encode(parts.hash);
    }
    return std::string(kScheme) + "$" + std::to_string(parts.iterations) + "$" + base64_encode(parts.salt) + "$" +
           base64_encode(parts.hash);
}

std::string hash_password(std::string_view password, const PasswordCost& cost, Random& random) {
    if (cost.scheme == PasswordScheme::pbkdf2_sha256) return hash_password(password, cost.iterations, random);
    PasswordHash parts;
    parts.scheme = PasswordScheme::argon2id;
    parts.memory_kib = cost.memory_kib;
    parts.passes = cost.passes;
    parts.salt = random.bytes(kPasswordSaltBytes);
    parts.hash = argon2id(password, parts.salt, parts.passes, parts.memory_kib);
    return format_password_hash(parts);
}

bool needs_rehash(std::string_view stored, const PasswordCost& cost) {
    auto parts = parse_password_hash(stored);
    if (!parts || parts->salt.size() != kPasswordSaltBytes) return true;
    bool same_scheme = parts->scheme == cost.scheme;
    if (!same_scheme) return true;
    if (cost.scheme == PasswordScheme::pbkdf2_sha256) return parts->iterations < cost.iterations;
    return parts->memory_kib < cost.memory_kib || parts->passes < cost.passes;
}

std::string dummy_password_hash(const PasswordCost& cost, Random& random) {
    if (cost.scheme == PasswordScheme::pbkdf2_sha256) return dummy_password_hash(cost.iterations, random);
    PasswordHash dummy;
    dummy.scheme = PasswordScheme::argon2id;
    dummy.memory_kib = cost.memory_kib;
    dummy.passes = cost.passes;
    dummy.salt = random.bytes(kPasswordSaltBytes);
    dummy.hash = random.bytes(kPasswordHashBytes);
    return format_password_hash(dummy);
}

std::string hash_password(std::string_view password, uint32_t iterations, Random& random) {
    PasswordHash parts;
    parts.iterations = iterations;
    parts.salt = random.bytes(kPasswordSaltBytes);
    parts.hash = pbkdf2_sha256(password, parts.salt, iterations, kPasswordHashBytes);
    return format_password_hash(parts);
}

std::optional<PasswordHash> parse_password_hash(std::string_view stored) {
    if (stored.rfind(kArgon2Scheme, 0) == 0) return parse_argon2(stored);
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
    PasswordHash found;
    found.iterations = *iterations;
    found.salt = *salt;
    found.hash = *hash;
    return found;
}

bool verify_password(std::string_view password, std::string_view stored) {
    auto parts = parse_password_hash(stored);
    if (!parts) return false;
    std::string computed = parts->scheme == PasswordScheme::argon2id
                               ? argon2id(password, parts->salt, parts->passes, parts->memory_kib)
                               : pbkdf2_sha256(password, parts->salt, parts->iterations, kPasswordHashBytes);
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
