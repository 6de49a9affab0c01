// CRC-32 against the standard check value and a known PNG chunk.
#include "base/crc32.h"

#include <doctest/doctest.h>

#include <string>

using namespace guichet;

namespace {

uint32_t crc_of(const std::string& bytes) {
    return crc32(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

TEST_CASE("crc32_of_the_standard_check_string_is_cbf43926") { CHECK(crc_of("123456789") == 0xCBF43926u); }

TEST_CASE("crc32_of_nothing_is_zero") { CHECK(crc_of("") == 0u); }

TEST_CASE("crc32_of_an_iend_chunk_type_is_the_one_every_png_ends_with") { CHECK(crc_of("IEND") == 0xAE426082u); }

TEST_CASE("crc32_fed_in_two_parts_equals_crc32_of_the_whole") {
    const std::string whole = "IHDR and some data after it";
    uint32_t first = crc32_update(0, reinterpret_cast<const unsigned char*>(whole.data()), 4);
    uint32_t both = crc32_update(first, reinterpret_cast<const unsigned char*>(whole.data()) + 4, whole.size() - 4);
    CHECK(both == crc_of(whole));
}
