// Big-endian integers read from a buffer the caller has bounds-checked.
#pragma once

#include <cstdint>

namespace guichet::upload {

inline uint32_t be16(const unsigned char* p) { return static_cast<uint32_t>(p[0]) << 8 | p[1]; }

inline uint32_t be32(const unsigned char* p) {
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 |
           p[3];
}

}  // namespace guichet::upload
