// Fuzzes upload content sniffing: any bytes give one of the three accepted
// types or "", and the answer depends only on the first kSniffBytes bytes.
#include <cstdint>
#include <string>
#include <string_view>

#include "upload/sniff.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet::upload;
    std::string_view head(reinterpret_cast<const char*>(data), size);
    std::string type = sniff_media_type(head);
    if (!type.empty() && type != "application/pdf" && type != "image/jpeg" && type != "image/png") __builtin_trap();
    if (size > kSniffBytes && sniff_media_type(head.substr(0, kSniffBytes)) != type) __builtin_trap();
    return 0;
}
