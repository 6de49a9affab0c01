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

void store_banner(Db& db, const Banner& banner) {
    Stmt stmt = db.prepare(
        "INSERT INTO banner (id, level, fr, en, updated_at) VALUES (1, ?1, ?2, ?3, ?4) "
        "ON CONFLICT (id) DO UPDATE SET level = excluded.level, fr = excluded.fr, en = excluded.en, "
        "updated_at = excluded.updated_at WHERE excluded.updated_at >= banner.updated_at");
    stmt.bind(1, banner.level);
    stmt.bind(2, banner.fr);
    stmt.bind(3, banner.en);
    stmt.bind(4, banner.updated_at);
    stmt.step();
}

std::optional<Banner> stored_banner(Db& db) {
    Stmt stmt = db.prepare("SELECT level, fr, en, updated_at FROM banner WHERE id = 1");
    if (!stmt.step()) return std::nullopt;
    Banner banner;
    banner.level = stmt.text(0);
    banner.fr = stmt.text(1);
    banner.en = stmt.text(2);
    banner.updated_at = stmt.int64(3);
    return banner;
}

bool follow_banner(Db& db, const std::string& status_dir) {
    std::optional<Banner> stored;
    {
        Transaction tx(db, Transaction::read);
        stored = stored_banner(db);
    }
    if (!stored) return false;
    std::optional<Banner> shown = read_banner(status_dir);
    bool newer = !shown || stored->updated_at > shown->updated_at ||
                 (stored->updated_at == shown->updated_at && banner_json(*stored) != banner_json(*shown));
    if (!newer) return false;
    write_banner(status_dir, *stored);
    return true;
}

}  // namespace guichet
