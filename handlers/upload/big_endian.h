// Big-endian integers read from a buffer the caller has bounds-checked.
#pragma once

#include <cstdint>

namespace guichet::upload {

inline uint32_t be16(const unsigned char* p) { return static_cast<uint32_t>(p[0]) << 8 | p[1]; }

inline uint32_t be32(const unsigned char* p) {
    return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[2]) << 8 |
           p[3];
}

// The caps on an image's size, for PNG and JPEG alike: a decoder asked for a
// 60000 x 60000 canvas is a memory bomb, not a scan of a passport.
inline constexpr uint32_t kMaxSide = 20000;
inline constexpr uint64_t kMaxPixels = 200000000;

inline bool sane_dimensions(uint32_t width, uint32_t height) {
    return width >= 1 && height >= 1 && width <= kMaxSide && height <= kMaxSide &&
           static_cast<uint64_t>(width) * height <= kMaxPixels;
}

}  // namespace guichet::upload
