// The JPEG structure check: the fixtures pass; each kind of damage is refused
// for its own reason.
#include "upload/jpeg_check.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/fixtures/document_bytes.h"

using namespace guichet;
using namespace guichet::upload;

namespace {

DocumentCheck check(const std::string& bytes) {
    return check_jpeg(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string why(const std::string& bytes) { return check(bytes).why; }

std::string valid() { return test::fixture_document("valid.jpg"); }

// Where the segment of `marker` starts (its FF), in a fixture whose entropy
// data has no FF but stuffed ones, so the search cannot match inside it.
size_t find_segment(const std::string& jpeg, unsigned char marker) {
    size_t at = jpeg.find(std::string{'\xFF', static_cast<char>(marker)});
    REQUIRE(at != std::string::npos);
    return at;
}

std::string without_segment(std::string jpeg, unsigned char marker) {
    size_t at = find_segment(jpeg, marker);
    size_t length = static_cast<unsigned char>(jpeg[at + 2]) << 8 | static_cast<unsigned char>(jpeg[at + 3]);
    return jpeg.erase(at, 2 + length);
}

// The SOF0 segment's width and height set to these.
std::string with_size(uint16_t width, uint16_t height) {
    std::string jpeg = valid();
    size_t at = find_segment(jpeg, 0xC0) + 5;
    jpeg[at] = static_cast<char>(height >> 8);
    jpeg[at + 1] = static_cast<char>(height);
    jpeg[at + 2] = static_cast<char>(width >> 8);
    jpeg[at + 3] = static_cast<char>(width);
    return jpeg;
}

}  // namespace

TEST_CASE("jpeg_colour_fixture_passes") { CHECK(check(valid()).ok()); }

TEST_CASE("jpeg_greyscale_fixture_passes") { CHECK(check(test::fixture_document("valid-gray.jpg")).ok()); }

TEST_CASE("jpeg_written_by_chromium_passes") { CHECK(check(test::fixture_document("chromium.jpg")).ok()); }

TEST_CASE("jpeg_truncated_at_any_length_is_damaged") {
    std::string jpeg = valid();
    for (size_t n = 0; n < jpeg.size(); ++n) {
        CAPTURE(n);
        CHECK(check(jpeg.substr(0, n)).verdict == Verdict::damaged);
    }
}

TEST_CASE("jpeg_without_eoi_is_damaged") { CHECK(why(valid().substr(0, valid().size() - 2)) == "JPEG has no EOI"); }

TEST_CASE("jpeg_without_dht_is_refused") { CHECK(why(without_segment(valid(), 0xC4)) == "JPEG has no DHT"); }

TEST_CASE("jpeg_without_dqt_is_damaged") { CHECK(why(without_segment(valid(), 0xDB)) == "JPEG has no DQT"); }

TEST_CASE("jpeg_without_sof_is_damaged") { CHECK(why(without_segment(valid(), 0xC0)) == "JPEG SOS before SOF"); }

TEST_CASE("jpeg_with_data_after_eoi_is_damaged") { CHECK(why(valid() + "%PDF-1.4 hidden") == "data after JPEG EOI"); }

TEST_CASE("jpeg_followed_by_another_whole_jpeg_passes_as_mpf_cameras_write") {
    CHECK(check(valid() + test::fixture_document("valid-gray.jpg")).ok());
}

TEST_CASE("jpeg_segment_length_past_the_end_is_damaged") {
    std::string jpeg = valid();
    jpeg[4] = '\xFF';  // APP0's length
    jpeg[5] = '\xF0';
    CHECK(why(jpeg) == "JPEG segment length past the end");
}

TEST_CASE("jpeg_segment_length_below_two_is_damaged") {
    std::string jpeg = valid();
    jpeg[4] = 0;
    jpeg[5] = 1;
    CHECK(why(jpeg) == "JPEG segment length past the end");
}

TEST_CASE("jpeg_of_the_largest_side_passes_and_one_pixel_more_is_damaged") {
    CHECK(check(with_size(20000, 16)).ok());
    CHECK(why(with_size(20001, 16)) == "JPEG dimensions out of bounds");
    CHECK(why(with_size(16, 20001)) == "JPEG dimensions out of bounds");
    CHECK(why(with_size(16, 0)) == "JPEG dimensions out of bounds");
}

TEST_CASE("jpeg_over_200_megapixels_is_damaged") {
    CHECK(why(with_size(15000, 15000)) == "JPEG dimensions out of bounds");
}

TEST_CASE("jpeg_with_stuffed_ff00_and_restart_markers_in_its_scan_passes") {
    std::string jpeg = valid();
    jpeg.insert(jpeg.size() - 2, std::string("\xFF\x00\xFF\xD3\x12\xFF\x00", 7));
    CHECK(check(jpeg).ok());
}

TEST_CASE("jpeg_scan_ending_in_an_unknown_marker_is_damaged") {
    std::string jpeg = valid();
    jpeg.insert(jpeg.size() - 2, std::string("\xFF\x02\x00\x02", 4));
    CHECK(why(jpeg) == "JPEG marker not supported");
}

TEST_CASE("jpeg_arithmetic_coded_frame_is_refused") {
    std::string jpeg = valid();
    jpeg[find_segment(jpeg, 0xC0) + 1] = '\xC9';
    CHECK(why(jpeg) == "JPEG marker not supported");
}

TEST_CASE("jpeg_scan_of_a_component_the_frame_lacks_is_damaged") {
    std::string jpeg = valid();
    jpeg[find_segment(jpeg, 0xDA) + 5] = 9;  // the first scan component's selector
    CHECK(why(jpeg) == "JPEG SOS invalid");
}

TEST_CASE("jpeg_huffman_table_with_more_symbols_than_its_segment_holds_is_damaged") {
    std::string jpeg = valid();
    jpeg[find_segment(jpeg, 0xC4) + 5 + 15] = 100;  // DC table: 100 codes of length 15
    CHECK(why(jpeg) == "JPEG DHT invalid");
}

TEST_CASE("jpeg_soi_followed_by_junk_is_damaged") {
    CHECK(check(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(3000, 'j')).verdict == Verdict::damaged);
}
