#include "base/encoding.h"

#include <mbedtls/base64.h>

#include <cstdint>

namespace guichet {

std::string hex_encode(std::string_view bytes) {
    static const char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += kDigits[c >> 4];
        out += kDigits[c & 15];
    }
    return out;
}

std::optional<std::string> hex_decode(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi << 4 | lo);
    }
    return out;
}

std::string base64_encode(std::string_view bytes) {
    size_t needed = 0;
    auto src = reinterpret_cast<const unsigned char*>(bytes.data());
    mbedtls_base64_encode(nullptr, 0, &needed, src, bytes.size());
    std::string out(needed, '\0');
    size_t written = 0;
    mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written, src, bytes.size());
    out.resize(written);
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    size_t needed = 0;
    auto src = reinterpret_cast<const unsigned char*>(text.data());
    int rc = mbedtls_base64_decode(nullptr, 0, &needed, src, text.size());
    if (rc == MBEDTLS_ERR_BASE64_INVALID_CHARACTER) return std::nullopt;
    std::string out(needed, '\0');
    size_t written = 0;
    if (mbedtls_base64_decode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written, src, text.size()) !=
        0) {
        return std::nullopt;
    }
    out.resize(written);
    return out;
}

std::string base64url_encode(std::string_view bytes) {
    std::string out = base64_encode(bytes);
    while (!out.empty() && out.back() == '=') out.pop_back();
    for (char& c : out) {
        if (c == '+') c = '-';
        if (c == '/') c = '_';
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string standard(text);
    for (char& c : standard) {
        if (c == '-') c = '+';
        else if (c == '_') c = '/';
        else if (c == '+' || c == '/' || c == '=') return std::nullopt;
    }
    while (standard.size() % 4 != 0) standard += '=';
    return base64_decode(standard);
}

std::string base32_encode(std::string_view bytes) {
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        buffer = (buffer << 8) | c;
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
    return out;
}

std::optional<std::string> base32_decode(std::string_view text) {
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int value;
        if (c >= 'A' && c <= 'Z') value = c - 'A';
        else if (c >= 'a' && c <= 'z') value = c - 'a';
        else if (c >= '2' && c <= '7') value = c - '2' + 26;
        else if (c == '=') break;
        else return std::nullopt;
        buffer = (buffer << 5) | static_cast<uint32_t>(value);
        bits += 5;
        if (bits >= 8) {
            out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
            bits -= 8;
        }
    }
    return out;
}

bool valid_text(std::string_view text, bool allow_newlines) {
    size_t i = 0;
    while (i < text.size()) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == 0 || c == 0x7f) return false;
            if (c < 0x20 && c != '\t' && !(allow_newlines && (c == '\n' || c == '\r'))) return false;
            ++i;
            continue;
        }
        int extra;
        uint32_t cp;
        if ((c & 0xe0) == 0xc0) { extra = 1; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { extra = 2; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { extra = 3; cp = c & 0x07; }
        else return false;
        if (i + static_cast<size_t>(extra) >= text.size()) return false;
        for (int k = 1; k <= extra; ++k) {
            unsigned char cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3f);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000)) return false;
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
        // C1 controls are as unwelcome as C0 ones in a name or an address.
        if (cp >= 0x80 && cp < 0xa0) return false;
        i += extra + 1;
    }
    return true;
}

size_t utf8_length(std::string_view text) {
    size_t count = 0;
    for (unsigned char c : text) {
        if ((c & 0xc0) != 0x80) ++count;
    }
    return count;
}

}  // namespace guichet
