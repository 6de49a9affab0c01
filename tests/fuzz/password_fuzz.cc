// Fuzzes the stored password hash parser: whatever it accepts is within the
// limits of crypto/password.h (PBKDF2 and argon2id alike) and prints back to a
// form that parses the same.
#include <cstdint>
#include <string>

#include "crypto/password.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    std::string text(reinterpret_cast<const char*>(data), size);
    (void)needs_rehash(text, 1000);
    (void)needs_rehash(text, PasswordCost{});
    auto parts = parse_password_hash(text);
    if (!parts) return 0;
    if (parts->scheme == PasswordScheme::pbkdf2_sha256) {
        if (parts->iterations < 1 || parts->iterations > kPasswordMaxIterations) __builtin_trap();
    } else {
        if (parts->memory_kib < kArgon2MinMemoryKib || parts->memory_kib > kArgon2MaxMemoryKib) __builtin_trap();
        if (parts->passes < 1 || parts->passes > kArgon2MaxPasses) __builtin_trap();
    }
    if (parts->hash.size() != kPasswordHashBytes) __builtin_trap();
    if (parts->salt.size() < kPasswordMinSaltBytes || parts->salt.size() > kPasswordMaxSaltBytes) __builtin_trap();
    auto again = parse_password_hash(format_password_hash(*parts));
    if (!again || again->scheme != parts->scheme || again->iterations != parts->iterations ||
        again->memory_kib != parts->memory_kib || again->passes != parts->passes || again->salt != parts->salt ||
        again->hash != parts->hash) {
        __builtin_trap();
    }
    // Verifying costs the stored cost: only cheap ones here.
    bool cheap = parts->scheme == PasswordScheme::pbkdf2_sha256 ? parts->iterations <= 16
                                                                : parts->memory_kib <= 64 && parts->passes <= 2;
    if (cheap) (void)verify_password("a password", text);
    return 0;
}
