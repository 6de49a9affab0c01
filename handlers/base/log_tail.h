// Incremental reading of one append-only log file: each call hands over the
// complete lines written since the previous call. A file truncated in place
// (logrotate copytruncate) or replaced by a new one (rename and reopen) is
// read again from its start. The one log tailer: the metrics handler reads the
// pools' logs with it, and the admin dashboard (domain/admin_stats) nginx's
// access log.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace guichet {

class LogTail {
public:
    explicit LogTail(std::string path) : path_(std::move(path)) {}
    // Calls on_line for each new complete line (without its newline), reading
    // at most max_bytes this time (the rest waits for the next call). Calls
    // on_start_over first when the file is read from its start again (the
    // first time, and after a rotation or truncation), so counts made from the
    // lines can restart with it. Returns false when the file cannot be read now
    // (not written yet, or between a rotation's rename and reopen).
    bool read_new(const std::function<void(std::string_view)>& on_line, int64_t max_bytes = 64 << 20,
                  const std::function<void()>& on_start_over = nullptr);
    const std::string& path() const { return path_; }

private:
    std::string path_;
    ino_t inode_ = 0;
    off_t offset_ = 0;
    std::string partial_;  // a line whose newline has not been written yet
};

}  // namespace guichet
