// Fuzzes the stored password hash parser: whatever it accepts is within the
// limits of crypto/password.h and prints back to a form that parses the same.
#include <cstdint>
#include <string>

#include "crypto/password.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    std::string text(reinterpret_cast<const char*>(data), size);
    (void)needs_rehash(text, 1000);
    auto parts = parse_password_hash(text);
    if (!parts) return 0;
    if (parts->iterations < 1 || parts->iterations > kPasswordMaxIterations) __builtin_trap();
    if (parts->hash.size() != kPasswordHashBytes) __builtin_trap();
    if (parts->salt.size() < kPasswordMinSaltBytes || parts->salt.size() > kPasswordMaxSaltBytes) __builtin_trap();
    auto again = parse_password_hash(format_password_hash(*parts));
    if (!again || again->iterations != parts->iterations || again->salt != parts->salt || again->hash != parts->hash) {
        __builtin_trap();
    }
    // Verifying costs the stored iterations: only cheap ones here.
    if (parts->iterations <= 16) (void)verify_password("a password", text);
    return 0;
}
