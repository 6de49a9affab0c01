// Fuzzes the PNG structure check: any bytes give a verdict without reading
// outside them, the same verdict twice, and a reason exactly when refused.
// Each input is also checked with its chunk CRCs repaired, so mutations reach
// the chunk rules behind the CRC instead of stopping at it.
#include <cstdint>
#include <cstring>
#include <vector>

#include "base/crc32.h"
#include "upload/png_check.h"

namespace {

void check_once(const uint8_t* data, size_t size) {
    using namespace guichet::upload;
    DocumentCheck first = check_png(data, size), second = check_png(data, size);
    if (first.verdict != second.verdict || first.verdict == Verdict::encrypted) __builtin_trap();
    if (first.ok() != (*first.why == '\0')) __builtin_trap();
}

void repair_crcs(std::vector<uint8_t>& png) {
    for (size_t at = 8; png.size() >= 12 && at <= png.size() - 12;) {
        uint32_t length = uint32_t(png[at]) << 24 | uint32_t(png[at + 1]) << 16 | uint32_t(png[at + 2]) << 8 | png[at + 3];
        if (length > png.size() - at - 12) return;
        uint32_t crc = guichet::crc32(png.data() + at + 4, 4 + size_t(length));
        for (int i = 0; i < 4; ++i) png[at + 8 + length + i] = uint8_t(crc >> (24 - 8 * i));
        at += 12 + size_t(length);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    check_once(data, size);
    std::vector<uint8_t> repaired(data, data + size);
    repair_crcs(repaired);
    check_once(repaired.data(), repaired.size());
    return 0;
}
