// The structure of a JPEG (ITU-T T.81, JFIF/Exif): SOI; every marker
// segment's length within the file; one baseline, extended or progressive
// Huffman SOF with sane dimensions, 1 to 4 components and valid sampling;
// well-formed DQT and DHT tables, both present before the first SOS (a JPEG
// relying on the implicit "standard" Huffman tables of Motion-JPEG has no DHT
// and is refused: viewers outside video do not supply them); each SOS naming
// the frame's components, its entropy-coded data scanned to the next marker
// (stuffed FF00 and RSTn skipped); EOI. Nothing may follow EOI except further
// whole JPEG images (the secondary images of MPF, as phone cameras write).
// Arithmetic, lossless and hierarchical JPEGs are refused. Nothing is decoded.
#pragma once

#include <cstddef>

#include "upload/document_check.h"

namespace guichet::upload {

DocumentCheck check_jpeg(const unsigned char* data, size_t size);

}  // namespace guichet::upload
