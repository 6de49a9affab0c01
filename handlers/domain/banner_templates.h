// Pre-written, honest banner texts for the common cases, so that on a bad day
// nobody has to find the words under pressure. Placeholders in braces
// ({next_update}, {when}) are filled in by the administrator before publishing;
// a banner that still holds one is refused.
#pragma once

#include <jansson.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "domain/banner.h"

namespace guichet {

struct BannerTemplate {
    const char* id;
    const char* level;
    const char* fr;
    const char* en;
};

const std::vector<BannerTemplate>& banner_templates();
// [{id, level, fr, en, placeholders: [...]}]
Json banner_templates_json();
// Whether text still holds a template placeholder such as {next_update}.
bool has_placeholder(std::string_view text);

// What pausing the window publishes unless told not to, and what resuming publishes.
Banner paused_banner(int64_t now);
Banner resumed_banner(int64_t now);
// The banner as a JSON value (for audit rows): {level, fr, en, updated_at}.
Json banner_value(const Banner& banner);

}  // namespace guichet
