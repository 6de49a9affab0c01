// One owner per file descriptor: closed when the owner goes out of scope, on
// every path, early returns and exceptions included.
#pragma once

#include <unistd.h>

namespace guichet {

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}  // takes ownership of fd (negative: none)
    Fd(Fd&& other) noexcept : fd_(other.release()) {}
    Fd& operator=(Fd&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }

    int get() const { return fd_; }
    bool valid() const { return fd_ >= 0; }
    // Gives up ownership without closing.
    int release() {
        int fd = fd_;
        fd_ = -1;
        return fd;
    }
    // Closes the descriptor held, if any, and owns fd instead.
    void reset(int fd = -1) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }
    // Closes now and returns close()'s result, for a caller that must know
    // whether buffered writes reached the file. The descriptor is gone either way.
    int close() {
        int fd = release();
        return fd >= 0 ? ::close(fd) : 0;
    }

private:
    int fd_ = -1;
};

}  // namespace guichet
