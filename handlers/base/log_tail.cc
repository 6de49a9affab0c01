#include "base/log_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/fd.h"

namespace guichet {

namespace {

constexpr size_t kMaxLine = 64 * 1024;  // longer lines are dropped, not buffered without end

}  // namespace

bool LogTail::read_new(const std::function<void(std::string_view)>& on_line, int64_t max_bytes,
                       const std::function<void()>& on_start_over) {
    Fd file(open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (file.get() < 0) return false;  // not written yet, or between a rotation's rename and reopen
    struct stat info;
    if (fstat(file.get(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
    if (info.st_ino != inode_ || info.st_size < offset_) {  // a new file, or truncated
        inode_ = info.st_ino;
        offset_ = 0;
        partial_.clear();
        if (on_start_over) on_start_over();
    }
    char buffer[65536];
    int64_t read_total = 0;
    while (read_total < max_bytes) {
        ssize_t got = pread(file.get(), buffer, sizeof buffer, offset_);
        if (got <= 0) break;
        offset_ += got;
        read_total += got;
        std::string_view chunk(buffer, static_cast<size_t>(got));
        size_t start = 0;
        for (size_t newline = chunk.find('\n'); newline != std::string_view::npos;
             newline = chunk.find('\n', start)) {
            std::string_view piece = chunk.substr(start, newline - start);
            if (partial_.empty()) {
                on_line(piece);
            } else {
                if (partial_.size() + piece.size() <= kMaxLine) {
                    partial_.append(piece);
                    on_line(partial_);
                }
                partial_.clear();
            }
            start = newline + 1;
        }
        std::string_view rest = chunk.substr(start);
        if (partial_.size() + rest.size() <= kMaxLine) {
            partial_.append(rest);
        } else {
            partial_.assign(kMaxLine + 1, 'x');  // marks the line too long: dropped at its newline
        }
    }
    return true;
}

}  // namespace guichet
