#include <cstdio>

#include "domain/banner.h"
#include "domain/banner_templates.h"
#include "store/db.h"
#include "base/json.h"
#include "base/clock.h"
#include "base/encoding.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

int cmd_banner(Args& args, const Config& config) {
    if (args.empty()) throw UsageError("banner needs show, set or clear");
    std::string action = args[0];
    args.erase(args.begin());
    if (action == "show") {
        require_no_more(args);
        auto banner = read_banner(config.status_dir);
        std::printf("%s", banner ? banner_json(*banner).c_str() : "no banner file\n");
        return banner ? 0 : 1;
    }
    Banner banner;
    banner.updated_at = now_ms();
    if (action == "set") {
        banner.level = take_option(args, "--level");
        banner.fr = take_option(args, "--fr");
        banner.en = take_option(args, "--en");
        require_no_more(args);
        if (!valid_banner_level(banner.level)) throw UsageError("--level must be none, info, warning or outage");
        if (banner.level != "none" && (banner.fr.empty() || banner.en.empty())) {
            throw UsageError("a banner needs both --fr and --en text");
        }
        if (!valid_text(banner.fr) || !valid_text(banner.en) || banner.fr.size() > 1000 || banner.en.size() > 1000) {
            throw UsageError("banner text must be UTF-8 without control characters, at most 1000 bytes");
        }
    } else if (action == "clear") {
        require_no_more(args);
    } else {
        throw UsageError("unknown banner action: " + action);
    }
    if (has_placeholder(banner.fr) || has_placeholder(banner.en)) {
        throw UsageError("the text still holds a template placeholder such as {next_update}");
    }
    std::optional<Banner> old = read_banner(config.status_dir);
    // The banner first: it must go out even when the database is down. The
    // audit row follows; failing to write it is reported, the banner stands.
    write_banner(config.status_dir, banner);
    std::printf("%s", banner_json(banner).c_str());
    try {
        Db db(config.db_path);
        Json before(old ? banner_value(*old) : Json(json_null()));
        Json after(banner_value(banner));
        Transaction tx(db, Transaction::write);
        write_cli_audit(db, action == "clear" ? "banner_clear" : "banner_set", before.get(), after.get());
        store_banner(db, banner);  // for the other front nodes (admin/background.h)
        tx.commit();
    } catch (const std::exception& error) {
        std::fprintf(stderr,
                     "guichet-admin: banner published on this node, but not stored for the other nodes, and no "
                     "audit row written: %s\n",
                     error.what());
    }
    return 0;
}

}  // namespace guichet::admin_cli
