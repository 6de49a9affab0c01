// The caps on an image's size, for PNG and JPEG alike: a decoder asked for a
// 60000 x 60000 canvas is a memory bomb, not a scan of a passport.
#pragma once

#include <cstdint>

namespace guichet::upload {

inline constexpr uint32_t kMaxSide = 20000;
inline constexpr uint64_t kMaxPixels = 200000000;

inline bool sane_dimensions(uint32_t width, uint32_t height) {
    return width >= 1 && height >= 1 && width <= kMaxSide && height <= kMaxSide &&
           static_cast<uint64_t>(width) * height <= kMaxPixels;
}

}  // namespace guichet::upload
