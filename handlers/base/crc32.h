// CRC-32 as PNG (ISO 3309, ITU-T V.42) uses it: reflected polynomial
// 0xEDB88320, initial value and final xor 0xFFFFFFFF. Table-driven, one byte
// a step; crc32_update lets a caller feed a chunk's type and data separately.
#pragma once

#include <cstddef>
#include <cstdint>

namespace guichet {

// Running form: start from 0, feed bytes, the value returned after the last
// call is the CRC of everything fed (the pre/post xor is inside).
uint32_t crc32_update(uint32_t crc, const unsigned char* data, size_t size);

inline uint32_t crc32(const unsigned char* data, size_t size) { return crc32_update(0, data, size); }

}  // namespace guichet
