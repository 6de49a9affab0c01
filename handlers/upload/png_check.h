// The structure of a PNG (ISO/IEC 15948): signature, every chunk's length
// within the file and its CRC-32, IHDR first with sane dimensions and a valid
// bit depth / colour type pair, PLTE where colour type 3 needs it, one run of
// IDAT chunks, no unknown critical chunk, IEND last with nothing after it.
// The compressed pixels are not inflated.
#pragma once

#include <cstddef>

#include "upload/document_check.h"

namespace guichet::upload {

DocumentCheck check_png(const unsigned char* data, size_t size);

}  // namespace guichet::upload
