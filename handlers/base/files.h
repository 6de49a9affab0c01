// Whole-file reads and atomic replacement.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet {

// The whole file, or nullopt when it cannot be read.
std::optional<std::string> read_file(const std::string& path);
// Replaces path's content atomically: temporary file in the same folder,
// fsync, rename, fsync of the folder. Throws std::runtime_error on failure.
void write_file_atomically(const std::string& path, std::string_view content, unsigned mode = 0644);
// Bytes an unprivileged process may still write on the filesystem holding
// path (statvfs f_bavail); -1 when it cannot be told.
int64_t free_bytes(const std::string& path);

}  // namespace guichet
