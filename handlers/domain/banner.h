// The status banner: /status/banner.html (a fragment nginx includes into every
// page) and /status/banner.json. Each file is replaced by write-to-temporary,
// fsync, rename, so a reader sees the old file or the new one, never half.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet {

struct Banner {
    std::string level = "none";  // none | info | warning | outage
    std::string fr;
    std::string en;
    int64_t updated_at = 0;
};

bool valid_banner_level(std::string_view level);
std::string html_escape(std::string_view text);
std::string banner_html(const Banner& banner);
std::string banner_json(const Banner& banner);
// Throws std::runtime_error when the folder cannot be written.
void write_banner(const std::string& status_dir, const Banner& banner);
std::optional<Banner> read_banner(const std::string& status_dir);

}  // namespace guichet
