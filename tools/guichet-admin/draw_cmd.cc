// guichet-admin draw: the lottery's draw (domain/draw.h), then the public
// record <status>/draw.json. `draw publish` writes the record again (after a
// crash between the commit and the file, say); it never draws.
//
// GUICHET_TEST_DRAW_FAULT (tests only) stops the draw just before its commit:
// "fail" throws, "hang:PATH" creates PATH and waits to be killed.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "domain/audit.h"
#include "base/clock.h"
#include "domain/draw.h"
#include "base/files.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

namespace {

void injected_fault() {
    const char* fault = std::getenv("GUICHET_TEST_DRAW_FAULT");
    if (!fault) return;
    std::string text = fault;
    if (text == "fail") throw std::runtime_error("injected fault before the draw's commit");
    if (text.rfind("hang:", 0) == 0) {
        write_file_atomically(text.substr(5), "draw in progress\n");
        for (;;) pause();
    }
}

void publish(Db& db, const Config& config) {
    try {
        publish_draw(db, config.status_dir);
    } catch (const std::runtime_error& error) {
        std::fprintf(stderr,
                     "guichet-admin: the draw is recorded, but %s/draw.json could not be written (%s); "
                     "run `guichet-admin draw publish`\n",
                     config.status_dir.c_str(), error.what());
        throw;
    }
    std::printf("published %s/draw.json\n", config.status_dir.c_str());
}

}  // namespace

int cmd_draw(Args& args, const Config& config) {
    bool publish_only = !args.empty() && args[0] == "publish";
    if (publish_only) args.erase(args.begin());
    require_no_more(args);
    Db db(config.db_path);
    if (!publish_only) {
        DrawSummary summary = run_draw(db, now_ms(), cli_actor(), "local", injected_fault);
        std::printf("drawn at %s: %lld claims in the draw, %lld after the period, %lld places granted\n",
                    format_time(summary.drawn_at).c_str(), static_cast<long long>(summary.in_period),
                    static_cast<long long>(summary.after_period), static_cast<long long>(summary.granted));
    }
    publish(db, config);
    return 0;
}

}  // namespace guichet::admin_cli
