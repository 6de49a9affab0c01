#include "base/passport_number.h"

#include <cstdint>

namespace guichet {

namespace {

// Decodes one UTF-8 code point at text[at], advancing at; false when the bytes
// are not well-formed UTF-8 (overlong forms and surrogates included).
bool next_code_point(std::string_view text, size_t& at, uint32_t& out) {
    unsigned char lead = static_cast<unsigned char>(text[at]);
    size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || at + length > text.size()) return false;
    uint32_t c = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
    for (size_t i = 1; i < length; ++i) {
        unsigned char byte = static_cast<unsigned char>(text[at + i]);
        if ((byte >> 6) != 0x2) return false;
        c = (c << 6) | (byte & 0x3F);
    }
    static const uint32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    at += length;
    out = c;
    return true;
}

bool separator(uint32_t c) {
    switch (c) {
        case ' ': case '\t': case '-': case '.':
        case 0x00A0:                       // no-break space
        case 0x00AD:                       // soft hyphen
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:  // hyphens, dashes
        case 0x2024:                       // one dot leader
        case 0x202F: case 0x205F:          // narrow no-break space, medium mathematical space
        case 0x2060:                       // word joiner
        case 0x2212:                       // minus sign
        case 0x3000: case 0x3002:          // ideographic space, ideographic full stop
        case 0xFE58: case 0xFE63:          // small em dash, small hyphen-minus
        case 0xFEFF:                       // zero-width no-break space (a byte order mark)
        case 0xFF61:                       // halfwidth ideographic full stop
            return true;
        default:
            return c >= 0x2000 && c <= 0x200D;  // the typographic spaces, zero-width space and joiners
    }
}

}  // namespace

std::optional<std::string> normalise_passport_number(std::string_view text) {
    std::string out;
    size_t at = 0;
    while (at < text.size()) {
        uint32_t c = 0;
        if (!next_code_point(text, at, c)) return std::nullopt;
        if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width forms: the ASCII they stand for
        if (separator(c)) continue;
        if (c >= 'a' && c <= 'z') c -= 'a' - 'A';
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return std::nullopt;
        out += static_cast<char>(c);
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace guichet
