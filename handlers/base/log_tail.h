// Incremental reading of one append-only log file: each call hands over the
// complete lines written since the previous call. A file truncated in place
// (logrotate copytruncate) or replaced by a new one (rename and reopen) is
// read again from its start.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace guichet::metrics {

class LogTail {
public:
    explicit LogTail(std::string path) : path_(std::move(path)) {}
    // Calls on_line for each new complete line (without its newline), reading
    // at most max_bytes this time (the rest waits for the next call).
    void read_new(const std::function<void(std::string_view)>& on_line, int64_t max_bytes = 64 << 20);
    const std::string& path() const { return path_; }

private:
    std::string path_;
    ino_t inode_ = 0;
    off_t offset_ = 0;
    std::string partial_;  // a line whose newline has not been written yet
};

}  // namespace guichet::metrics
