// A local copy of the site's /log/ folder (checkpoint.json, entries/,
// checkpoints/), as `guichet-verify log --dir` reads it.
#pragma once

#include <string>

#include "tools/guichet-verify/log_chain.h"

namespace guichet::verify {

class LogDirectory : public LogSource {
public:
    explicit LogDirectory(std::string dir) : dir_(std::move(dir)) {}
    std::optional<std::string> read(const std::string& path) override;
    std::vector<std::string> checkpoint_names() override;  // none when there is no checkpoints/

private:
    std::string dir_;
};

}  // namespace guichet::verify
