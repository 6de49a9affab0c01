#include "metrics/metrics_api.h"

#include <dirent.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "base/clock.h"
#include "base/fd.h"
#include "domain/outbox.h"
#include "domain/window.h"
#include "os/pool_probe.h"

namespace guichet::metrics {

namespace {

// Names of the files in a folder ending with suffix, without it.
std::set<std::string> names_with_suffix(const std::string& folder, const std::string& suffix) {
    std::set<std::string> names;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(folder.c_str()), closedir);
    if (!dir) return names;
    while (dirent* entry = readdir(dir.get())) {
        std::string name = entry->d_name;
        if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            names.insert(name.substr(0, name.size() - suffix.size()));
        }
    }
    return names;
}

void gauge(std::string& out, const char* name, const char* help, int64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " +
           std::to_string(value) + "\n";
}

void database_metrics(Context& context, std::string& out) {
    std::optional<Window> window;
    int64_t accounts = 0;
    OutboxStats mail;
    {
        Transaction tx(context.db, Transaction::read);
        window = load_window(context.db);
        Stmt count = context.db.prepare("SELECT count(*) FROM accounts");
        if (count.step()) accounts = count.int64(0);
        mail = outbox_stats(context.db);
    }
    Window empty;
    const Window& w = window ? *window : empty;
    out += "# HELP guichet_window_state The intake window's state (1 for the current one).\n";
    out += "# TYPE guichet_window_state gauge\n";
    const char* current = window ? state_name(window_state(w, context.clock->now())) : "unscheduled";
    for (const char* state : {"unscheduled", "scheduled", "open", "paused", "closed"}) {
        out += std::string("guichet_window_state{state=\"") + state + "\"} " +
               (std::strcmp(state, current) == 0 ? "1" : "0") + "\n";
    }
    gauge(out, "guichet_places_total", "Places offered in the intake window.", w.places_total);
    gauge(out, "guichet_places_granted", "Places granted so far.", w.places_granted);
    gauge(out, "guichet_places_left", "Places not yet granted.", w.places_total - w.places_granted);
    out += "# HELP guichet_claims_total Claims recorded (the window's counter).\n# TYPE guichet_claims_total counter\n";
    out += "guichet_claims_total " + std::to_string(w.claims_count) + "\n";
    gauge(out, "guichet_accounts", "Candidate accounts.", accounts);
    gauge(out, "guichet_mail_queued", "Messages in the outbox not yet sent.", mail.queued);
    gauge(out, "guichet_mail_failing", "Of those, messages whose last attempt failed.", mail.failing);
    int64_t oldest = mail.queued > 0 ? std::max<int64_t>(0, (context.clock->now() - mail.oldest_created_at) / 1000) : 0;
    gauge(out, "guichet_mail_oldest_seconds", "Age of the oldest message not yet sent (0 when none).", oldest);
}

void pool_metrics(Context& context, std::string& out) {
    std::set<std::string> pools = names_with_suffix(context.run_dir, ".sock");
    for (const auto& [name, stats] : context.stats.handlers()) pools.insert(name);
    out += "# HELP guichet_pool_up Whether the pool's unix socket accepts a connection.\n";
    out += "# TYPE guichet_pool_up gauge\n";
    for (const std::string& name : pools) {
        if (!plain_label(name)) continue;
        bool up = pool_accepts(context.run_dir + "/" + name + ".sock");
        out += "guichet_pool_up{handler=\"" + name + "\"} " + (up ? "1" : "0") + "\n";
    }
}

}  // namespace

void read_logs(Context& context) {
    for (const std::string& name : names_with_suffix(context.log_dir, ".log")) {
        if (name == "nginx-error") continue;  // free text, nothing to count
        std::string path = context.log_dir + "/" + name + ".log";
        auto found = context.tails.find(path);
        if (found == context.tails.end()) found = context.tails.emplace(path, LogTail(path)).first;
        found->second.read_new([&](std::string_view line) { context.stats.add_line(line); });
    }
}

namespace {

Response show_metrics(const Request&, Context& context) {
    read_logs(context);
    std::string out = context.stats.prometheus();
    database_metrics(context, out);
    pool_metrics(context, out);
    Response response;
    response.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    response.header("Cache-Control", "no-store");
    response.body = std::move(out);
    return response;
}

const RouteTable<Context> kRoutes = {
    {{{"GET"}, "/metrics", "", kNoBody}, show_metrics},
};

}  // namespace

const RouteTable<Context>& routes() { return kRoutes; }

Response handle(const Request& request, Context& context) { return dispatch(kRoutes, request, context); }

}  // namespace guichet::metrics
