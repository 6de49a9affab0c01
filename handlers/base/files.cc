#include "base/files.h"

#include <sys/statvfs.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "base/fd.h"

namespace guichet {

std::optional<std::string> read_file(const std::string& path) {
    Fd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return std::nullopt;
    std::string out;
    char buffer[65536];
    for (;;) {
        ssize_t n = read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::nullopt;
        if (n == 0) break;
        out.append(buffer, static_cast<size_t>(n));
    }
    return out;
}

void write_file_atomically(const std::string& path, std::string_view content, unsigned mode) {
    std::string temporary = path + ".tmp." + std::to_string(getpid());
    Fd fd(open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode));
    if (!fd.valid()) throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(errno));
    size_t done = 0;
    while (done < content.size()) {
        ssize_t n = write(fd.get(), content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int saved = errno;
            unlink(temporary.c_str());
            throw std::runtime_error("cannot write " + temporary + ": " + std::strerror(saved));
        }
        done += static_cast<size_t>(n);
    }
    fchmod(fd.get(), mode);
    // When fsync fails, close() is skipped: the owner closes the descriptor.
    if (fsync(fd.get()) != 0 || fd.close() != 0) {
        unlink(temporary.c_str());
        throw std::runtime_error("cannot sync " + temporary);
    }
    if (rename(temporary.c_str(), path.c_str()) != 0) {
        int saved = errno;  // before unlink overwrites it
        unlink(temporary.c_str());
        throw std::runtime_error("cannot rename onto " + path + ": " + std::strerror(saved));
    }
    std::string folder = path.substr(0, path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/'));
    Fd dir(open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.valid()) fsync(dir.get());
}

int64_t free_bytes(const std::string& path) {
    struct statvfs info {};
    if (statvfs(path.c_str(), &info) != 0) return -1;
    return static_cast<int64_t>(info.f_bavail) * static_cast<int64_t>(info.f_frsize);
}

}  // namespace guichet
