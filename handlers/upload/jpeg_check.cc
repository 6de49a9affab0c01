#include "upload/jpeg_check.h"

#include "upload/big_endian.h"
#include "upload/image_bounds.h"

namespace guichet::upload {

namespace {

enum Marker : unsigned char {
    SOF0 = 0xC0, SOF1 = 0xC1, SOF2 = 0xC2, DHT = 0xC4, RST0 = 0xD0, RST7 = 0xD7, SOI = 0xD8, EOI = 0xD9,
    SOS = 0xDA, DQT = 0xDB, DRI = 0xDD, APP0 = 0xE0, APP15 = 0xEF, COM = 0xFE, TEM = 0x01,
};

struct Frame {
    bool seen = false;
    unsigned components = 0;
    unsigned char ids[4] = {};
};

DocumentCheck check_sof(const unsigned char* p, size_t length, unsigned char marker, Frame* frame) {
    if (frame->seen) return damaged("second JPEG SOF");
    if (length < 8) return damaged("JPEG SOF too short");
    unsigned precision = p[0], components = p[5];
    if (precision != 8 && !(precision == 12 && marker != SOF0)) return damaged("JPEG sample precision invalid");
    if (!sane_dimensions(be16(p + 3), be16(p + 1))) return damaged("JPEG dimensions out of bounds");
    if (components < 1 || components > 4 || length != 6 + 3 * static_cast<size_t>(components)) {
        return damaged("JPEG component count invalid");
    }
    for (unsigned i = 0; i < components; ++i) {
        const unsigned char* c = p + 6 + 3 * i;
        unsigned h = c[1] >> 4, v = c[1] & 0x0F;
        if (h < 1 || h > 4 || v < 1 || v > 4 || c[2] > 3) return damaged("JPEG component sampling invalid");
        frame->ids[i] = c[0];
    }
    frame->seen = true;
    frame->components = components;
    return document_ok();
}

bool valid_dqt(const unsigned char* p, size_t length) {
    size_t at = 0;
    while (at < length) {
        unsigned precision = p[at] >> 4, id = p[at] & 0x0F;
        size_t table = precision == 0 ? 64 : 128;
        if (precision > 1 || id > 3 || length - at - 1 < table) return false;
        at += 1 + table;
    }
    return length > 0;
}

bool valid_dht(const unsigned char* p, size_t length) {
    size_t at = 0;
    while (at < length) {
        unsigned table_class = p[at] >> 4, id = p[at] & 0x0F;
        if (table_class > 1 || id > 3 || length - at < 17) return false;
        size_t symbols = 0;
        for (int i = 1; i <= 16; ++i) symbols += p[at + i];
        if (symbols == 0 || symbols > 256 || length - at - 17 < symbols) return false;
        at += 17 + symbols;
    }
    return length > 0;
}

bool valid_sos(const unsigned char* p, size_t length, const Frame& frame) {
    if (length < 1) return false;
    size_t count = p[0];
    if (count < 1 || count > 4 || length != 4 + 2 * count) return false;
    for (size_t i = 0; i < count; ++i) {
        bool known = false;
        for (unsigned k = 0; k < frame.components; ++k) known = known || frame.ids[k] == p[1 + 2 * i];
        if (!known) return false;
    }
    return true;
}

// From the first byte of entropy-coded data to the FF of the next marker
// (not a stuffed FF00, not RSTn); size when the data runs to the end.
size_t end_of_scan(const unsigned char* data, size_t at, size_t size) {
    while (at < size) {
        if (data[at] != 0xFF) {
            ++at;
        } else if (at + 1 < size && (data[at + 1] == 0x00 || (data[at + 1] >= RST0 && data[at + 1] <= RST7))) {
            at += 2;
        } else {
            return at;
        }
    }
    return size;
}

// One image from its SOI at `start`; on success *end is just past its EOI.
DocumentCheck check_one_image(const unsigned char* data, size_t size, size_t start, size_t* end) {
    if (size - start < 2 || data[start] != 0xFF || data[start + 1] != SOI) return damaged("no JPEG SOI");
    Frame frame;
    bool tables = false, huffman = false, scanned = false;
    size_t at = start + 2;
    while (at < size) {
        if (data[at] != 0xFF) return damaged("JPEG marker expected");
        while (at < size && data[at] == 0xFF) ++at;  // fill bytes before a marker
        if (at >= size) break;
        unsigned char marker = data[at++];
        if (marker == EOI) {
            if (!scanned) return damaged("JPEG EOI before any scan");
            *end = at;
            return document_ok();
        }
        if (marker == TEM) continue;
        if (marker == SOI || marker == 0x00 || (marker >= RST0 && marker <= RST7)) return damaged("JPEG marker out of place");
        if (size - at < 2) return damaged("JPEG segment truncated");
        size_t length = be16(data + at);
        if (length < 2 || length > size - at) return damaged("JPEG segment length past the end");
        const unsigned char* body = data + at + 2;
        size_t body_length = length - 2;
        at += length;
        if (marker == SOF0 || marker == SOF1 || marker == SOF2) {
            DocumentCheck sof = check_sof(body, body_length, marker, &frame);
            if (!sof.ok()) return sof;
        } else if (marker == DQT) {
            if (!valid_dqt(body, body_length)) return damaged("JPEG DQT invalid");
            tables = true;
        } else if (marker == DHT) {
            if (!valid_dht(body, body_length)) return damaged("JPEG DHT invalid");
            huffman = true;
        } else if (marker == SOS) {
            if (!frame.seen) return damaged("JPEG SOS before SOF");
            if (!tables) return damaged("JPEG has no DQT");
            if (!huffman) return damaged("JPEG has no DHT");
            if (!valid_sos(body, body_length, frame)) return damaged("JPEG SOS invalid");
            at = end_of_scan(data, at, size);
            scanned = true;
        } else if (marker == DRI) {
            if (body_length != 2) return damaged("JPEG DRI invalid");
        } else if (!((marker >= APP0 && marker <= APP15) || marker == COM)) {
            return damaged("JPEG marker not supported");  // arithmetic, lossless, hierarchical, reserved
        }
    }
    return damaged("JPEG has no EOI");
}

}  // namespace

DocumentCheck check_jpeg(const unsigned char* data, size_t size) {
    size_t at = 0;
    do {
        size_t end = size;
        DocumentCheck image = check_one_image(data, size, at, &end);
        if (!image.ok()) return at == 0 ? image : damaged("data after JPEG EOI");
        at = end;
    } while (at < size);
    return document_ok();
}

}  // namespace guichet::upload
