// The status banner from the console: read it, preview a change, publish it
// (atomic swap of banner.html and banner.json), and the pre-written templates.
#include "admin/admin_api.h"
#include "domain/audit.h"
#include "domain/banner.h"
#include "domain/banner_templates.h"
#include "base/clock.h"
#include "http/input.h"
#include "base/json.h"

namespace guichet::admin {

namespace {

const std::vector<FieldSpec> kBannerFields = {
    {"level", FieldType::text, true, 1, 16},
    {"fr", FieldType::text, false, 0, 1000},
    {"en", FieldType::text, false, 0, 1000},
};

Banner banner_from(const Request& request, int64_t now) {
    Input input = parse_input(request.body(8192), kBannerFields);
    Banner banner{input.text("level"), input.text("fr"), input.text("en"), now};
    std::map<std::string, std::string> problems;
    if (!valid_banner_level(banner.level)) problems["level"] = field_error::invalid;
    if (banner.level != "none") {
        if (banner.fr.empty()) problems["fr"] = field_error::missing;
        if (banner.en.empty()) problems["en"] = field_error::missing;
    } else {
        banner.fr.clear();
        banner.en.clear();
    }
    if (has_placeholder(banner.fr)) problems["fr"] = field_error::unfilled_placeholder;
    if (has_placeholder(banner.en)) problems["en"] = field_error::unfilled_placeholder;
    if (!problems.empty()) throw ApiError(Err::invalid, std::move(problems));
    return banner;
}

Json current_banner(const Context& context) {
    std::optional<Banner> banner = read_banner(context.config.status_dir);
    return banner ? banner_value(*banner) : Json(json_null());
}

}  // namespace

Response banner_route(const Request& request, Context& context, const Admin& admin, const std::string& sub) {
    if (sub == "templates") {
        Json body(banner_templates_json());
        return json_response(200, body.get());
    }
    if (sub == "preview") {
        Banner banner = banner_from(request, context.clock->now());
        Json body(json_object());
        json_object_set_new(body.get(), "html", json_str(banner_html(banner)));
        json_object_set_new(body.get(), "banner", banner_value(banner).release());
        return json_response(200, body.get());
    }
    if (request.method() == "GET") {
        Json body = current_banner(context);
        return json_response(200, body.get());
    }
    Banner banner = banner_from(request, context.clock->now());
    Json before = current_banner(context);
    Json after(banner_value(banner));
    // The audit row and the swap go together: if the files cannot be written,
    // the row is rolled back and the answer is a 503.
    Transaction tx(context.db, Transaction::write);
    append_audit(context.db, admin.name, "banner_set", before.get(), after.get(), request.remote_addr(), context.clock->now());
    store_banner(context.db, banner);  // for the other front nodes (admin/background.h)
    try {
        write_banner(context.config.status_dir, banner);
    } catch (const std::runtime_error& error) {
        throw ApiError(Err::unavailable, error.what());
    }
    tx.commit();
    return json_response(200, after.get());
}

}  // namespace guichet::admin
