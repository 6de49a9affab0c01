#include <cstdio>

#include "common/banner.h"
#include "common/clock.h"
#include "common/db.h"
#include "common/json.h"
#include "common/window.h"
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
        Transaction tx(db, Transaction::write);
        store_window(db, settings, now);
        tx.commit();
        return show(db);
    }
    if (action == "pause" || action == "resume") {
        bool no_banner = take_flag(args, "--no-banner");
        require_no_more(args);
        {
            Transaction tx(db, Transaction::write);
            set_paused(db, action == "pause", now);
            tx.commit();
        }
        if (action == "pause" && !no_banner) {
            Banner banner{"outage",
                          "Les soumissions sont suspendues à la suite d'un problème technique. Aucune demande déjà "
                          "reçue n'est perdue. Prochaine mise à jour ici même.",
                          "Submissions are paused because of a technical problem. No claim already received is "
                          "lost. The next update will appear here.",
                          now};
            write_banner(config.status_dir, banner);
        }
        return show(db);
    }
    if (action == "close") {
        require_no_more(args);
        Transaction tx(db, Transaction::write);
        close_window(db, now);
        tx.commit();
        return show(db);
    }
    throw UsageError("unknown window action: " + action);
}

}  // namespace guichet::admin_cli
