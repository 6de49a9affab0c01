// Hashes and keyed hashes through mbedTLS. Inputs and outputs are raw bytes
// held in std::string; use encoding.h for hex and base64.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace guichet {

std::string sha256(std::string_view data);                        // 32 bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 bytes
std::string hmac_sha1(std::string_view key, std::string_view data);    // 20 bytes (TOTP)
std::string pbkdf2_sha256(std::string_view password, std::string_view salt, uint32_t iterations, size_t length);
// Constant-time comparison of two byte strings of equal length.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace guichet
