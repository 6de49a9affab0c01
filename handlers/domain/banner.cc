#include "domain/banner.h"

#include <stdexcept>

#include "base/clock.h"
#include "base/files.h"
#include "base/json.h"

namespace guichet {

bool valid_banner_level(std::string_view level) {
    return level == "none" || level == "info" || level == "warning" || level == "outage";
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string banner_html(const Banner& banner) {
    if (banner.level == "none") return "<!-- no banner -->\n";
    // role=alert for outages so screen readers announce them; status otherwise.
    std::string role = banner.level == "outage" ? "alert" : "status";
    std::string html = "<div class=\"banner banner-" + banner.level + "\" role=\"" + role + "\" data-updated=\"" +
                       format_time(banner.updated_at) + "\">";
    html += "<p lang=\"fr\">" + html_escape(banner.fr) + "</p>";
    html += "<p lang=\"en\">" + html_escape(banner.en) + "</p>";
    html += "</div>\n";
    return html;
}

std::string banner_json(const Banner& banner) {
    Json body(json_object());
    json_object_set_new(body.get(), "level", json_str(banner.level));
    json_object_set_new(body.get(), "fr", json_str(banner.fr));
    json_object_set_new(body.get(), "en", json_str(banner.en));
    json_object_set_new(body.get(), "updated_at", json_str(format_time(banner.updated_at)));
    return json_dump(body.get()) + "\n";
}

void write_banner(const std::string& status_dir, const Banner& banner) {
    // JSON first: a script that reads banner.json after seeing the new HTML finds it current.
    write_file_atomically(status_dir + "/banner.json", banner_json(banner));
    write_file_atomically(status_dir + "/banner.html", banner_html(banner));
}

std::optional<Banner> read_banner(const std::string& status_dir) {
    std::optional<std::string> text = read_file(status_dir + "/banner.json");
    if (!text) return std::nullopt;
    json_error_t error;
    Json body(json_loadb(text->data(), text->size(), 0, &error));
    if (!body || !json_is_object(body.get())) return std::nullopt;
    Banner banner;
    auto get = [&](const char* key) {
        const char* value = json_string_value(json_object_get(body.get(), key));
        return std::string(value ? value : "");
    };
    banner.level = get("level");
    banner.fr = get("fr");
    banner.en = get("en");
    banner.updated_at = parse_time(get("updated_at")).value_or(0);
    return banner;
}

}  // namespace guichet
