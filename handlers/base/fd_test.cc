// The file descriptor owner: closes exactly once, whoever holds it last.
#include "base/fd.h"

#include <doctest/doctest.h>
#include <fcntl.h>

#include <utility>

using namespace guichet;

namespace {

bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

int open_null() { return open("/dev/null", O_RDONLY | O_CLOEXEC); }

}  // namespace

TEST_CASE("fd_is_closed_when_its_owner_goes_out_of_scope") {
    int raw = -1;
    {
        Fd fd(open_null());
        raw = fd.get();
        REQUIRE(fd.valid());
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("moved_fd_is_closed_once_by_its_new_owner") {
    int raw = -1;
    {
        Fd first(open_null());
        raw = first.get();
        Fd second(std::move(first));
        CHECK_FALSE(first.valid());
        CHECK(second.get() == raw);
        Fd third;
        third = std::move(second);
        CHECK(is_open(raw));
    }
    CHECK_FALSE(is_open(raw));
}

TEST_CASE("released_fd_stays_open") {
    int raw = -1;
    {
        Fd fd(open_null());
        raw = fd.release();
        CHECK_FALSE(fd.valid());
    }
    CHECK(is_open(raw));
    close(raw);
}

TEST_CASE("explicit_close_reports_success_and_leaves_nothing_to_close") {
    Fd fd(open_null());
    int raw = fd.get();
    CHECK(fd.close() == 0);
    CHECK_FALSE(fd.valid());
    CHECK_FALSE(is_open(raw));
    CHECK(fd.close() == 0);
}
