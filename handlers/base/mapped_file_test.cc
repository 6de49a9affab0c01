// The read-only mapping: the file's bytes, an empty view for an empty file.
#include "base/mapped_file.h"

#include <doctest/doctest.h>
#include <fcntl.h>

#include <fstream>
#include <string>
#include <utility>

#include "base/fd.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

Fd open_written(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
    return Fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
}

}  // namespace

TEST_CASE("mapped_file_shows_the_bytes_of_the_file") {
    test::TempDir dir("mapped");
    Fd fd = open_written(dir.path + "/f", "hello, map");
    MappedFile map(fd.get(), 10);
    REQUIRE(map.size() == 10);
    CHECK(std::string(reinterpret_cast<const char*>(map.data()), map.size()) == "hello, map");
}

TEST_CASE("mapped_file_of_an_empty_file_is_an_empty_view") {
    test::TempDir dir("mapped");
    Fd fd = open_written(dir.path + "/empty", "");
    MappedFile map(fd.get(), 0);
    CHECK(map.size() == 0);
    CHECK(map.data() == nullptr);
}

TEST_CASE("mapped_file_stays_readable_after_the_descriptor_closes_and_after_a_move") {
    test::TempDir dir("mapped");
    Fd fd = open_written(dir.path + "/f", "abc");
    MappedFile first(fd.get(), 3);
    fd.close();
    MappedFile second(std::move(first));
    CHECK(first.size() == 0);
    REQUIRE(second.size() == 3);
    CHECK(second.data()[2] == 'c');
}

TEST_CASE("mapped_file_of_a_bad_descriptor_throws") { CHECK_THROWS(MappedFile(-1, 10)); }
