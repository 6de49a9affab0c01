// Fuzzes the byte-level decoders and the time parser, with round-trip checks.
#include <cstdint>
#include <string>

#include "base/clock.h"
#include "base/encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    std::string text(reinterpret_cast<const char*>(data), size);
    if (valid_text(text, true) && utf8_length(text) > text.size()) __builtin_trap();
    if (auto bytes = hex_decode(text); bytes && hex_decode(hex_encode(*bytes)) != bytes) __builtin_trap();
    if (auto bytes = base64url_decode(text); bytes && base64url_decode(base64url_encode(*bytes)) != bytes) {
        __builtin_trap();
    }
    (void)base64_decode(text);
    (void)base32_decode(text);
    if (auto ms = parse_time(text)) {
        // Whatever was accepted prints as RFC 3339 and reads back to the same instant.
        if (parse_time(format_time(*ms)) != ms) __builtin_trap();
    }
    return 0;
}
