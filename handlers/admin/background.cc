#include "admin/background.h"

#include "base/log.h"
#include "domain/banner.h"
#include "domain/promotion.h"

namespace guichet::admin {

std::unique_ptr<PeriodicThread> review_sweeper(Db db, int64_t interval_ms, int64_t promotion_ms, const Clock& clock) {
    auto connection = std::make_shared<Db>(std::move(db));
    return std::make_unique<PeriodicThread>("admin", "sweep", interval_ms, [connection, promotion_ms, &clock] {
        int expired = sweep_offers(*connection, clock.now(), promotion_ms, Actor{"sweep", "admin"});
        if (expired > 0) log_event("admin", "offers_expired", std::to_string(expired));
    });
}

std::unique_ptr<PeriodicThread> banner_follower(Db db, std::string status_dir, int64_t interval_ms) {
    auto connection = std::make_shared<Db>(std::move(db));
    return std::make_unique<PeriodicThread>("admin", "banner_follow", interval_ms, [connection, status_dir] {
        if (follow_banner(*connection, status_dir)) log_event("admin", "banner_followed", "from the database");
    });
}

}  // namespace guichet::admin
