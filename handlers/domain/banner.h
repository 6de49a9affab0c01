// The status banner: /status/banner.html (a fragment nginx includes into every
// page) and /status/banner.json. Each file is replaced by write-to-temporary,
// fsync, rename, so a reader sees the old file or the new one, never half.
// The database keeps the banner last set too (migration 0018), so that one set
// on one front node reaches every other (admin/banner_follower.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/db.h"

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

// The stored banner: replaced unless the one stored is newer (two nodes racing
// keep the latest). Inside the caller's write transaction, if any.
void store_banner(Db& db, const Banner& banner);
std::optional<Banner> stored_banner(Db& db);
// Copies the stored banner into status_dir when it is newer than the files
// there, or differs from them at the same time, or they are missing. Returns
// whether it wrote them. A read of the database (no lock); throws StoreError
// when the database does not answer, and then the files are left as they are.
bool follow_banner(Db& db, const std::string& status_dir);

}  // namespace guichet
