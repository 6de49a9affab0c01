// Fuzzes what a candidate's own text goes through on its way into a message:
// quoted-printable must give short lines of printable ASCII that decode back
// to the text, and header_text must never give a line break that is not a
// fold (no header injection).
#include <cstdint>
#include <string>

#include "domain/mail_message.h"

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// RFC 2045 decoding of what quoted_printable wrote (CRLF line ends).
std::string decode(const std::string& encoded) {
    std::string out;
    for (size_t i = 0; i < encoded.size(); ++i) {
        char c = encoded[i];
        if (c == '=' && encoded.compare(i + 1, 2, "\r\n") == 0) {
            i += 2;  // a soft break
        } else if (c == '=') {
            if (i + 2 >= encoded.size() || hex_value(encoded[i + 1]) < 0 || hex_value(encoded[i + 2]) < 0) __builtin_trap();
            out += static_cast<char>(hex_value(encoded[i + 1]) * 16 + hex_value(encoded[i + 2]));
            i += 2;
        } else if (c == '\r' && i + 1 < encoded.size() && encoded[i + 1] == '\n') {
            out += '\n';
            ++i;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    std::string encoded = guichet::quoted_printable(text);
    size_t width = 0;
    for (size_t i = 0; i < encoded.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(encoded[i]);
        if (c == '\r') {
            if (i + 1 >= encoded.size() || encoded[i + 1] != '\n') __builtin_trap();
            width = 0;
            ++i;
            continue;
        }
        if (c < 0x20 && c != '\t') __builtin_trap();
        if (c > 0x7e) __builtin_trap();
        if (++width > 76) __builtin_trap();
    }
    // \r\n and \n both end a line (and a \r that ends the text is dropped);
    // everything else comes back byte for byte.
    std::string expected;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] == '\n')) continue;
        expected += text[i];
    }
    if (decode(encoded) != expected) __builtin_trap();
    std::string header = guichet::header_text(text);
    for (size_t at = header.find('\n'); at != std::string::npos; at = header.find('\n', at + 1)) {
        if (at == 0 || header[at - 1] != '\r' || at + 1 >= header.size() || header[at + 1] != ' ') __builtin_trap();
    }
    if (header.find('\r') != std::string::npos && header.find("\r\n ") == std::string::npos) __builtin_trap();
    return 0;
}
