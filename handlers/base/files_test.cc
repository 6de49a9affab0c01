// Whole-file reads and atomic writes close their descriptor on every path.
#include "base/files.h"

#include <dirent.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "base/fd.h"
#include "tests/unit/fixtures.h"

using namespace guichet;
using guichet::test::TempDir;
using guichet::test::migrated_db;

namespace {

// Descriptors this process holds (the listing's own one included, every time).
int open_descriptors() {
    int count = 0;
    DIR* dir = opendir("/proc/self/fd");
    REQUIRE(dir);
    while (dirent* entry = readdir(dir)) {
        if (entry->d_name[0] != '.') ++count;
    }
    closedir(dir);
    return count;
}

}  // namespace

TEST_CASE("atomic_write_replaces_the_file_and_leaves_no_temporary") {
    TempDir dir;
    std::string path = dir.path + "/banner.json";
    write_file_atomically(path, "old");
    int before = open_descriptors();
    write_file_atomically(path, "new");
    CHECK(open_descriptors() == before);
    CHECK(read_file(path) == std::optional<std::string>("new"));
    CHECK(access((path + ".tmp." + std::to_string(getpid())).c_str(), F_OK) != 0);
}

TEST_CASE("atomic_write_closes_its_descriptor_when_fsync_fails") {
    TempDir dir;
    std::string path = dir.path + "/banner.json";
    // A FIFO where the temporary file goes: open and write succeed (a reader
    // holds the other end), fsync fails with EINVAL.
    std::string temporary = path + ".tmp." + std::to_string(getpid());
    REQUIRE(mkfifo(temporary.c_str(), 0600) == 0);
    Fd reader(open(temporary.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    REQUIRE(reader.valid());
    int before = open_descriptors();
    CHECK_THROWS_AS(write_file_atomically(path, "x"), std::runtime_error);
    CHECK(open_descriptors() == before);
    CHECK(access(temporary.c_str(), F_OK) != 0);  // removed
    CHECK(access(path.c_str(), F_OK) != 0);       // never replaced
}

TEST_CASE("read_file_closes_its_descriptor_when_read_fails") {
    TempDir dir;
    int before = open_descriptors();
    CHECK_FALSE(read_file(dir.path).has_value());  // a folder opens, then read fails with EISDIR
    CHECK(open_descriptors() == before);
}
