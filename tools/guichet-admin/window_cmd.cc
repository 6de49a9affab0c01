#include <cstdio>

#include "domain/banner.h"
#include "domain/banner_templates.h"
#include "base/clock.h"
#include "store/db.h"
#include "base/json.h"
#include "domain/lottery.h"
#include "crypto/random.h"
#include "domain/window.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

namespace {

// RFC 3339, or "+SECONDS" counted from now (handy for rehearsals and tests).
int64_t parse_when(const std::string& text, const char* option, int64_t now) {
    if (!text.empty() && text[0] == '+') {
        try {
            size_t used = 0;
            long long seconds = std::stoll(text.substr(1), &used);
            if (used == text.size() - 1 && seconds >= 0) return now + seconds * 1000;
        } catch (const std::exception&) {
        }
        throw UsageError(std::string(option) + ": not a number of seconds: " + text);
    }
    auto ms = parse_time(text);
    if (!ms) throw UsageError(std::string(option) + ": not an RFC 3339 time: " + text);
    return *ms;
}

// The window as the audit log records it (no server_time, so before and after compare).
Json window_value(Db& db, int64_t now) {
    std::optional<Window> window = load_window(db);
    Json value(window_public_json(window, now));
    json_object_set_new(value.get(), "paused", json_boolean(window && window->paused));
    json_object_del(value.get(), "server_time");
    return value;
}

// Runs change inside one write transaction with its audit row.
template <typename Change>
void audited(Db& db, const std::string& action, int64_t now, Change change) {
    Transaction tx(db, Transaction::write);
    Json before = window_value(db, now);
    change();
    Json after = window_value(db, now);
    write_cli_audit(db, action, before.get(), after.get());
    tx.commit();
}

// The banner that goes with pause/resume; the window change already stands, so
// a failure here is reported, not hidden.
void publish(Db& db, const Config& config, const Banner& banner) {
    std::optional<Banner> old = read_banner(config.status_dir);
    write_banner(config.status_dir, banner);
    Json before(old ? banner_value(*old) : Json(json_null()));
    Json after(banner_value(banner));
    Transaction tx(db, Transaction::write);
    write_cli_audit(db, "banner_set", before.get(), after.get());
    store_banner(db, banner);  // for the other front nodes (admin/background.h)
    tx.commit();
}

int show(Db& db) {
    Json body(window_public_json(load_window(db), now_ms()));
    std::printf("%s\n", json_dump(body.get()).c_str());
    return 0;
}

}  // namespace

int cmd_window(Args& args, const Config& config) {
    if (args.empty()) throw UsageError("window needs show, set, pause, resume or close");
    std::string action = args[0];
    args.erase(args.begin());
    Db db(config.db_path);
    int64_t now = now_ms();
    if (action == "show") {
        require_no_more(args);
        return show(db);
    }
    if (action == "set") {
        WindowSettings settings;
        std::string opens = take_option(args, "--opens-at");
        std::string closes = take_option(args, "--closes-at");
        std::string places = take_option(args, "--places");
        settings.policy = take_option(args, "--policy");
        std::string draw_ends = take_option(args, "--draw-ends-at");
        require_no_more(args);
        if (opens.empty() || closes.empty() || places.empty()) {
            throw UsageError("window set needs --opens-at, --closes-at and --places");
        }
        if (settings.policy.empty()) settings.policy = "fcfs";
        settings.opens_at = parse_when(opens, "--opens-at", now);
        settings.closes_at = parse_when(closes, "--closes-at", now);
        if (!draw_ends.empty()) settings.draw_ends_at = parse_when(draw_ends, "--draw-ends-at", now);
        try {
            settings.places_total = std::stoll(places);
        } catch (const std::exception&) {
            throw UsageError("--places: not a number: " + places);
        }
        Random random;
        audited(db, "window_set", now, [&] {
            store_window(db, settings, now);
            prepare_lottery_seed(db, random, now);  // the commitment is public before anyone can claim
        });
        return show(db);
    }
    if (action == "pause" || action == "resume") {
        bool no_banner = take_flag(args, "--no-banner");
        require_no_more(args);
        bool pause = action == "pause";
        audited(db, "window_" + action, now, [&] { set_paused(db, pause, now); });
        if (!no_banner) publish(db, config, pause ? paused_banner(now) : resumed_banner(now));
        return show(db);
    }
    if (action == "close") {
        require_no_more(args);
        audited(db, "window_close", now, [&] { close_window(db, now); });
        return show(db);
    }
    throw UsageError("unknown window action: " + action);
}

}  // namespace guichet::admin_cli
