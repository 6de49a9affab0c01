// Fuzzes the JPEG structure check: any bytes give a verdict without reading
// outside them, the same verdict twice, a reason exactly when refused, and a
// JPEG never ends valid once a byte that is not a marker follows it.
#include <cstdint>
#include <vector>

#include "upload/jpeg_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet::upload;
    DocumentCheck first = check_jpeg(data, size), second = check_jpeg(data, size);
    if (first.verdict != second.verdict || first.verdict == Verdict::encrypted) __builtin_trap();
    if (first.ok() != (*first.why == '\0')) __builtin_trap();
    if (first.ok()) {
        std::vector<uint8_t> longer(data, data + size);
        longer.push_back('x');
        if (check_jpeg(longer.data(), longer.size()).ok()) __builtin_trap();
    }
    return 0;
}
