#include "tools/guichet-verify/log_directory.h"

#include <filesystem>
#include <system_error>

#include "base/files.h"

namespace guichet::verify {

std::optional<std::string> LogDirectory::read(const std::string& path) { return read_file(dir_ + "/" + path); }

std::vector<std::string> LogDirectory::checkpoint_names() {
    std::vector<std::string> names;
    std::error_code error;
    for (std::filesystem::directory_iterator it(dir_ + "/checkpoints", error), end; !error && it != end;
         it.increment(error)) {
        names.push_back(it->path().filename().string());
    }
    return names;
}

}  // namespace guichet::verify
