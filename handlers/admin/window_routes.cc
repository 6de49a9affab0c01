// The intake window from the console: schedule it, pause it (with an outage
// banner), resume it, close it, run a lottery's draw. The rules (what may change after opening)
// are domain/window.h's, shared with the command line.
#include "admin/admin_api.h"
#include "domain/audit.h"
#include "domain/banner.h"
#include "domain/banner_templates.h"
#include "base/clock.h"
#include "domain/draw.h"
#include "http/input.h"
#include "base/json.h"
#include "domain/lottery.h"
#include "domain/window.h"

namespace guichet::admin {

namespace {

const std::vector<FieldSpec> kWindowFields = {
    {"opens_at", FieldType::time, true},
    {"closes_at", FieldType::time, true},
    {"places_total", FieldType::integer, true, 0, 10000000},
    {"policy", FieldType::text, true, 1, 16},
    {"draw_ends_at", FieldType::time, false},
};

const std::vector<FieldSpec> kBannerChoice = {
    {"banner", FieldType::boolean, false},
};

// The public view plus what only administrators see.
Json window_value(Db& db, int64_t now) {
    std::optional<Window> window = load_window(db);
    Json result = window_public_json(window, now);
    json_t* value = result.get();
    json_object_set_new(value, "paused", json_boolean(window && window->paused));
    json_object_set_new(value, "claims_count", json_integer(window ? window->claims_count : 0));
    json_object_set_new(value, "places_granted", json_integer(window ? window->places_granted : 0));
    json_object_del(value, "server_time");  // keeps before/after comparable in the audit log
    return result;
}

}  // namespace

Response window_route(const Request& request, Context& context, const Admin& admin, const std::string& sub) {
    Db& db = context.db;
    int64_t now = context.clock->now();
    if (request.method() == "GET") {
        Transaction tx(db, Transaction::read);
        Json body(window_value(db, now));
        json_object_set_new(body.get(), "server_time", json_str(format_time(now)));
        return json_response(200, body.get());
    }
    if (sub == "draw") {
        // The draw is its own transaction with its own audit row (domain/draw.h);
        // the public record follows the commit.
        DrawSummary summary = run_draw(db, now, admin.name, request.remote_addr(), {});
        try {
            publish_draw(db, context.config.status_dir);
        } catch (const std::runtime_error& error) {
            throw ApiError(Err::unavailable, std::string("draw recorded; draw.json not written: ") + error.what());
        }
        Json body(json_object());
        json_object_set_new(body.get(), "drawn_at", json_str(format_time(summary.drawn_at)));
        json_object_set_new(body.get(), "claims_drawn", json_integer(summary.in_period));
        json_object_set_new(body.get(), "claims_after_period", json_integer(summary.after_period));
        json_object_set_new(body.get(), "places_granted", json_integer(summary.granted));
        return json_response(200, body.get());
    }
    std::optional<Banner> banner;
    std::string action;
    WindowSettings settings{};
    if (sub.empty()) {
        Input input = parse_input(request.body(4096), kWindowFields);
        settings.opens_at = input.time_ms("opens_at");
        settings.closes_at = input.time_ms("closes_at");
        settings.places_total = input.integer("places_total");
        settings.policy = input.text("policy");
        if (input.has("draw_ends_at")) settings.draw_ends_at = input.time_ms("draw_ends_at");
        action = "window_set";
    } else {
        Input input = parse_input(body_or_empty_object(request), kBannerChoice);
        bool with_banner = !input.has("banner") || input.boolean("banner");
        if (sub == "pause" && with_banner) banner = paused_banner(now);
        if (sub == "resume" && with_banner) banner = resumed_banner(now);
        action = "window_" + sub;
    }
    Transaction tx(db, Transaction::write);
    Json before(window_value(db, now));
    if (sub.empty()) {
        store_window(db, settings, now);
        prepare_lottery_seed(db, context.random, now);  // the commitment is public before anyone can claim
    }
    else if (sub == "pause") set_paused(db, true, now);
    else if (sub == "resume") set_paused(db, false, now);
    else close_window(db, now);
    Json after(window_value(db, now));
    append_audit(db, admin.name, action, before.get(), after.get(), request.remote_addr(), now);
    if (banner) {
        std::optional<Banner> old = read_banner(context.config.status_dir);
        Json old_value(old ? banner_value(*old) : Json(json_null()));
        Json new_value(banner_value(*banner));
        append_audit(db, admin.name, "banner_set", old_value.get(), new_value.get(), request.remote_addr(), now);
        store_banner(db, *banner);
    }
    if (banner) {
        // Written before the commit: when the files cannot be written, nothing changes and the answer is a 503.
        try {
            write_banner(context.config.status_dir, *banner);
        } catch (const std::runtime_error& error) {
            throw ApiError(Err::unavailable, error.what());
        }
    }
    tx.commit();
    json_object_set_new(after.get(), "server_time", json_str(format_time(now)));
    return json_response(200, after.get());
}

}  // namespace guichet::admin
