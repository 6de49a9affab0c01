// Time-based one-time codes (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1, a
// 30-second step, 6 digits. Administrators log in with one, so a stolen
// password alone does not open the console.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet {

inline constexpr int64_t kTotpStepSeconds = 30;

// The HOTP value for a counter, as `digits` decimal digits (leading zeros kept).
std::string hotp_code(std::string_view secret, uint64_t counter, int digits = 6);
// The step that contains a time (seconds since the epoch).
int64_t totp_step(int64_t unix_seconds);
// The code of the step that contains unix_seconds.
std::string totp_code(std::string_view secret, int64_t unix_seconds, int digits = 6);
// The step (within ±1 of now) whose code equals `code`, compared in constant
// time; nullopt when none does or the code is not 6 digits.
std::optional<int64_t> totp_match(std::string_view secret, std::string_view code, int64_t unix_seconds);
// otpauth://totp/Guichet:NAME?secret=BASE32&issuer=Guichet&algorithm=SHA1&digits=6&period=30
std::string totp_uri(const std::string& account_name, std::string_view secret);

}  // namespace guichet
