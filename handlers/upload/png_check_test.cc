// The PNG structure check: the fixture passes; each kind of damage is refused
// for its own reason (chunks rebuilt with a correct CRC where the CRC is not
// the point).
#include "upload/png_check.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/crc32.h"
#include "tests/fixtures/document_bytes.h"

using namespace guichet;
using namespace guichet::upload;

namespace {

struct Chunk {
    std::string type, body;
};

std::string be32(uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::vector<Chunk> chunks_of(const std::string& png) {
    std::vector<Chunk> chunks;
    for (size_t at = 8; at + 12 <= png.size();) {
        uint32_t length = static_cast<uint32_t>(static_cast<unsigned char>(png[at])) << 24 |
                          static_cast<unsigned char>(png[at + 1]) << 16 | static_cast<unsigned char>(png[at + 2]) << 8 |
                          static_cast<unsigned char>(png[at + 3]);
        chunks.push_back({png.substr(at + 4, 4), png.substr(at + 8, length)});
        at += 12 + length;
    }
    return chunks;
}

std::string assemble(const std::vector<Chunk>& chunks) {
    std::string out("\x89PNG\r\n\x1A\n", 8);
    for (const Chunk& c : chunks) {
        std::string typed = c.type + c.body;
        out += be32(static_cast<uint32_t>(c.body.size())) + typed +
               be32(crc32(reinterpret_cast<const unsigned char*>(typed.data()), typed.size()));
    }
    return out;
}

DocumentCheck check(const std::string& bytes) {
    return check_png(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string valid() { return test::fixture_document("valid.png"); }

std::string with_ihdr(uint32_t width, uint32_t height, char depth = 8, char colour = 2) {
    std::vector<Chunk> chunks = chunks_of(valid());
    chunks[0].body = be32(width) + be32(height) + std::string{depth, colour, 0, 0, 0};
    return assemble(chunks);
}

}  // namespace

TEST_CASE("png_fixture_passes") { CHECK(check(valid()).ok()); }

TEST_CASE("png_written_by_chromium_passes") { CHECK(check(test::fixture_document("chromium.png")).ok()); }

TEST_CASE("png_rebuilt_from_its_chunks_passes_so_the_helpers_are_sound") { CHECK(check(assemble(chunks_of(valid()))).ok()); }

TEST_CASE("png_truncated_at_any_length_is_damaged") {
    std::string png = valid();
    for (size_t n = 0; n < png.size(); ++n) {
        CAPTURE(n);
        CHECK(check(png.substr(0, n)).verdict == Verdict::damaged);
    }
}

TEST_CASE("png_with_a_byte_changed_in_idat_fails_its_crc") {
    std::string png = valid();
    png[8 + 25 + 8 + 3] ^= 0x01;  // inside IDAT's data, after the IHDR chunk
    CHECK(std::string(check(png).why) == "PNG chunk CRC wrong");
}

TEST_CASE("png_chunk_length_past_the_end_is_damaged") {
    std::string png = valid();
    png.replace(33, 4, be32(0x7FFFFF00));  // IDAT's length
    CHECK(std::string(check(png).why) == "PNG chunk length past the end");
}

TEST_CASE("png_without_iend_is_damaged") {
    std::vector<Chunk> chunks = chunks_of(valid());
    chunks.pop_back();
    CHECK(std::string(check(assemble(chunks)).why) == "PNG has no IEND");
}

TEST_CASE("png_with_data_after_iend_is_damaged") {
    CHECK(std::string(check(valid() + "<?php system($_GET['c']); ?>").why) == "data after PNG IEND");
}

TEST_CASE("png_without_idat_is_damaged") {
    std::vector<Chunk> chunks = chunks_of(valid());
    chunks.erase(chunks.begin() + 1);
    CHECK(std::string(check(assemble(chunks)).why) == "PNG has no IDAT");
}

TEST_CASE("png_not_starting_with_ihdr_is_damaged") {
    std::vector<Chunk> chunks = chunks_of(valid());
    chunks.insert(chunks.begin(), Chunk{"tEXt", "Title\0x"});
    CHECK(std::string(check(assemble(chunks)).why) == "PNG does not start with IHDR");
}

TEST_CASE("png_of_the_largest_side_passes_and_one_pixel_more_is_damaged") {
    CHECK(check(with_ihdr(20000, 8)).ok());
    CHECK(std::string(check(with_ihdr(20001, 8)).why) == "PNG dimensions out of bounds");
    CHECK(std::string(check(with_ihdr(8, 20001)).why) == "PNG dimensions out of bounds");
    CHECK(std::string(check(with_ihdr(0, 8)).why) == "PNG dimensions out of bounds");
}

TEST_CASE("png_over_200_megapixels_is_damaged") {
    CHECK(check(with_ihdr(20000, 10000)).ok());
    CHECK(std::string(check(with_ihdr(15000, 15000)).why) == "PNG dimensions out of bounds");
}

TEST_CASE("png_with_a_bit_depth_its_colour_type_forbids_is_damaged") {
    CHECK(std::string(check(with_ihdr(16, 8, 4, 2)).why) == "PNG bit depth and colour type do not match");
    CHECK(std::string(check(with_ihdr(16, 8, 8, 5)).why) == "PNG bit depth and colour type do not match");
}

TEST_CASE("png_palette_image_without_plte_is_damaged") {
    CHECK(std::string(check(with_ihdr(16, 8, 8, 3)).why) == "PNG palette image without PLTE");
}

TEST_CASE("png_with_an_unknown_critical_chunk_is_damaged_and_an_unknown_ancillary_one_passes") {
    std::vector<Chunk> chunks = chunks_of(valid());
    chunks.insert(chunks.begin() + 1, Chunk{"zzZz", "private"});
    CHECK(check(assemble(chunks)).ok());
    chunks[1].type = "ZzZz";
    CHECK(std::string(check(assemble(chunks)).why) == "unknown critical PNG chunk");
}

TEST_CASE("png_with_idat_chunks_split_by_another_chunk_is_damaged") {
    std::vector<Chunk> chunks = chunks_of(valid());
    chunks.insert(chunks.begin() + 2, Chunk{"tEXt", "a"});
    chunks.insert(chunks.begin() + 3, Chunk{"IDAT", ""});
    CHECK(std::string(check(assemble(chunks)).why) == "PNG IDAT chunks not consecutive");
}

TEST_CASE("png_signature_followed_by_junk_is_damaged") {
    CHECK(check(std::string("\x89PNG\r\n\x1A\n", 8) + std::string(5000, 'p')).verdict == Verdict::damaged);
}
