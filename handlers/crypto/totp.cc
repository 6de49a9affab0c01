#include "crypto/totp.h"

#include "crypto/digest.h"
#include "base/encoding.h"

namespace guichet {

namespace {

std::string percent_encode(std::string_view text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                     c == '.' || c == '_' || c == '~';
        if (plain) {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string hotp_code(std::string_view secret, uint64_t counter, int digits) {
    std::string message(8, '\0');
    for (int i = 7; i >= 0; --i) {
        message[static_cast<size_t>(i)] = static_cast<char>(counter & 0xff);
        counter >>= 8;
    }
    std::string mac = hmac_sha1(secret, message);
    size_t offset = static_cast<unsigned char>(mac[19]) & 0x0f;
    uint32_t binary = (static_cast<uint32_t>(static_cast<unsigned char>(mac[offset]) & 0x7f) << 24) |
                      (static_cast<uint32_t>(static_cast<unsigned char>(mac[offset + 1])) << 16) |
                      (static_cast<uint32_t>(static_cast<unsigned char>(mac[offset + 2])) << 8) |
                      static_cast<uint32_t>(static_cast<unsigned char>(mac[offset + 3]));
    uint32_t modulo = 1;
    for (int i = 0; i < digits; ++i) modulo *= 10;
    std::string code = std::to_string(binary % modulo);
    return std::string(static_cast<size_t>(digits) - code.size(), '0') + code;
}

int64_t totp_step(int64_t unix_seconds) { return unix_seconds / kTotpStepSeconds; }

std::string totp_code(std::string_view secret, int64_t unix_seconds, int digits) {
    return hotp_code(secret, static_cast<uint64_t>(totp_step(unix_seconds)), digits);
}

std::optional<int64_t> totp_match(std::string_view secret, std::string_view code, int64_t unix_seconds) {
    if (code.size() != 6) return std::nullopt;
    for (char c : code) {
        if (c < '0' || c > '9') return std::nullopt;
    }
    int64_t now_step = totp_step(unix_seconds);
    std::optional<int64_t> found;
    // Every candidate is computed and compared, so timing says nothing about which matched.
    for (int64_t step = now_step - 1; step <= now_step + 1; ++step) {
        if (equal_constant_time(hotp_code(secret, static_cast<uint64_t>(step)), code) && !found) found = step;
    }
    return found;
}

std::string totp_uri(const std::string& account_name, std::string_view secret) {
    return "otpauth://totp/Guichet:" + percent_encode(account_name) + "?secret=" + base32_encode(secret) +
           "&issuer=Guichet&algorithm=SHA1&digits=6&period=30";
}

}  // namespace guichet
