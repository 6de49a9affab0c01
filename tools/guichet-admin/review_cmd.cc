// guichet-admin review: the review of granted claims and the promotions that
// follow (domain/review.h, domain/promotion.h), the same rules as the
// console's PUT /api/admin/review/{claim_id}.
//   review list [--json]                         the claims that hold or held a place, with decision and offer
//   review accept|reject CLAIM_ID --reason TEXT  one decision (audited as cli:<user>)
//   review sweep                                 move expired offers on now (what the admin pool does every minute)
// Every one of them sweeps expired offers first.
#include <cstdio>

#include "base/clock.h"
#include "base/json.h"
#include "domain/audit.h"
#include "domain/promotion.h"
#include "domain/review.h"
#include "tools/guichet-admin/commands.h"

namespace guichet::admin_cli {

namespace {

std::string text_of(const json_t* object, const char* key) {
    const json_t* value = json_object_get(object, key);
    if (json_is_string(value)) return json_string_value(value);
    if (json_is_integer(value)) return std::to_string(json_integer_value(value));
    return "-";
}

void print_list(const Json& list) {
    const json_t* claims = json_object_get(list.get(), "claims");
    std::printf("%-6s %-32s %-10s %-9s %-20s %s\n", "rank", "claim_id", "outcome", "decision", "offer", "email");
    size_t i;
    const json_t* item;
    json_array_foreach(claims, i, item) {
        const json_t* review = json_object_get(item, "review");
        const json_t* offer = json_object_get(item, "offer");
        std::string decision = json_is_object(review) ? text_of(review, "decision") : "-";
        std::string offer_text = "-";
        if (json_is_object(offer)) {
            if (json_is_string(json_object_get(offer, "confirmed_at"))) offer_text = "confirmed";
            else if (json_is_string(json_object_get(offer, "expired_at"))) offer_text = "expired";
            else offer_text = "until " + text_of(offer, "confirm_by");
        }
        std::string rank = json_is_integer(json_object_get(item, "draw_rank")) ? text_of(item, "draw_rank")
                                                                              : text_of(item, "rank");
        std::printf("%-6s %-32s %-10s %-9s %-20s %s\n", rank.c_str(), text_of(item, "claim_id").c_str(),
                    text_of(item, "outcome").c_str(), decision.c_str(), offer_text.c_str(),
                    text_of(item, "email").c_str());
    }
    const json_t* counts = json_object_get(list.get(), "counts");
    std::printf("holding %s, accepted %s, rejected %s, undecided %s, offers open %s\n",
                text_of(counts, "holding").c_str(), text_of(counts, "accepted").c_str(),
                text_of(counts, "rejected").c_str(), text_of(counts, "undecided").c_str(),
                text_of(counts, "offers_open").c_str());
}

}  // namespace

int cmd_review(Args& args, const Config& config) {
    if (args.empty()) throw UsageError("review: list, accept, reject or sweep");
    std::string sub = args[0];
    args.erase(args.begin());
    Db db(config.db_path);
    int64_t now = now_ms();
    Actor actor{cli_actor(), "local"};
    int64_t promotion_ms = promotion_window_ms();
    if (sub == "list") {
        bool as_json = take_flag(args, "--json");
        require_no_more(args);
        sweep_offers(db, now, promotion_ms, actor);
        Transaction tx(db, Transaction::read);
        Json list = review_list_json(db);
        if (as_json) std::printf("%s\n", json_dump(list.get()).c_str());
        else print_list(list);
        return 0;
    }
    if (sub == "sweep") {
        require_no_more(args);
        int expired = sweep_offers(db, now, promotion_ms, actor);
        std::printf("%d offers expired\n", expired);
        return 0;
    }
    if (sub != "accept" && sub != "reject") throw UsageError("review: unknown subcommand " + sub);
    std::string reason = take_option(args, "--reason");
    if (args.size() != 1) throw UsageError("review " + sub + " CLAIM_ID --reason TEXT");
    std::string claim_id = args[0];
    args.clear();
    ReviewDecision made = decide_review(db, claim_id, sub == "accept" ? "accepted" : "rejected", reason, now,
                                        promotion_ms, actor);
    std::printf("%s %s%s\n", claim_id.c_str(), made.decision.c_str(), made.changed ? "" : " (already recorded)");
    if (made.changed && made.decision == "rejected") {
        if (made.promoted.empty()) std::printf("nobody is waiting: the place is free\n");
        else std::printf("place offered to %s\n", made.promoted.c_str());
    }
    return 0;
}

}  // namespace guichet::admin_cli
