#include "upload/png_check.h"

#include <cstring>

#include "base/crc32.h"
#include "upload/big_endian.h"
#include "upload/image_bounds.h"

namespace guichet::upload {

namespace {

constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr uint32_t kMaxChunkLength = 0x7FFFFFFFu;  // the spec's 2^31 - 1

bool is_type(const unsigned char* type, const char* name) { return std::memcmp(type, name, 4) == 0; }

bool letters(const unsigned char* type) {
    for (int i = 0; i < 4; ++i) {
        unsigned char c = type[i] & 0xDF;  // upper-cased
        if (c < 'A' || c > 'Z') return false;
    }
    return true;
}

bool valid_depth(uint32_t colour_type, uint32_t depth) {
    switch (colour_type) {
        case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;  // grey
        case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;                 // palette
        case 2: case 4: case 6: return depth == 8 || depth == 16;  // RGB, grey + alpha, RGBA
        default: return false;
    }
}

DocumentCheck check_ihdr(const unsigned char* body, uint32_t length, uint32_t* colour_type) {
    if (length != 13) return damaged("IHDR length is not 13");
    if (!sane_dimensions(be32(body), be32(body + 4))) return damaged("PNG dimensions out of bounds");
    *colour_type = body[9];
    if (!valid_depth(body[9], body[8])) return damaged("PNG bit depth and colour type do not match");
    if (body[10] != 0 || body[11] != 0 || body[12] > 1) return damaged("PNG compression, filter or interlace unknown");
    return document_ok();
}

}  // namespace

DocumentCheck check_png(const unsigned char* data, size_t size) {
    if (size < sizeof kSignature || std::memcmp(data, kSignature, sizeof kSignature) != 0) {
        return damaged("no PNG signature");
    }
    size_t at = sizeof kSignature;
    bool first = true, palette = false, ended_idat = false;
    int idat = 0;
    uint32_t colour_type = 0;
    while (at < size) {
        if (size - at < 12) return damaged("PNG chunk truncated");
        uint32_t length = be32(data + at);
        const unsigned char* type = data + at + 4;
        if (length > kMaxChunkLength || length > size - at - 12) return damaged("PNG chunk length past the end");
        if (!letters(type)) return damaged("PNG chunk type not letters");
        const unsigned char* body = type + 4;
        if (crc32(type, 4 + static_cast<size_t>(length)) != be32(body + length)) return damaged("PNG chunk CRC wrong");
        at += 12 + static_cast<size_t>(length);

        if (first != is_type(type, "IHDR")) return damaged(first ? "PNG does not start with IHDR" : "second IHDR");
        if (first) {
            DocumentCheck ihdr = check_ihdr(body, length, &colour_type);
            if (!ihdr.ok()) return ihdr;
            first = false;
        } else if (is_type(type, "PLTE")) {
            if (palette || idat > 0 || length == 0 || length % 3 != 0 || length > 768) return damaged("PNG PLTE invalid");
            palette = true;
        } else if (is_type(type, "IDAT")) {
            if (ended_idat) return damaged("PNG IDAT chunks not consecutive");
            ++idat;
        } else if (is_type(type, "IEND")) {
            if (length != 0) return damaged("PNG IEND not empty");
            if (idat == 0) return damaged("PNG has no IDAT");
            if (colour_type == 3 && !palette) return damaged("PNG palette image without PLTE");
            return at == size ? document_ok() : damaged("data after PNG IEND");
        } else if (!(type[0] & 0x20)) {
            return damaged("unknown critical PNG chunk");  // a decoder must refuse it
        }
        if (idat > 0 && !is_type(type, "IDAT")) ended_idat = true;
    }
    return damaged("PNG has no IEND");
}

}  // namespace guichet::upload
