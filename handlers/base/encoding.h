// Byte encodings: lowercase hex, standard base64 (RFC 4648), base64url
// without padding (cookies), base32 (TOTP secrets).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guichet {

std::string hex_encode(std::string_view bytes);
std::optional<std::string> hex_decode(std::string_view hex);
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);
std::string base32_encode(std::string_view bytes);
std::optional<std::string> base32_decode(std::string_view text);
// Whether text is well-formed UTF-8 with no NUL and no C0 control other than
// tab and newline (what we accept in any text field).
bool valid_text(std::string_view text, bool allow_newlines = false);
// Number of code points in well-formed UTF-8.
size_t utf8_length(std::string_view text);

}  // namespace guichet
