// The admin pool's background work, each a thread of every admin worker on its
// own connection (os/periodic.h), started once sandboxed:
//
// - The review sweeper moves expired offers on when nobody clicks
//   (domain/promotion.h sweep_offers), every GUICHET_REVIEW_SWEEP_SECONDS
//   (default 60). The sweep is a read while nothing is due, so an idle site
//   never takes the write lock for it; two workers sweeping at once are
//   serialised by the write lock and the second finds nothing left to do.
// - The banner follower copies the banner stored in the database into this
//   node's files when it is newer (domain/banner.h follow_banner), every
//   GUICHET_BANNER_FOLLOW_SECONDS (default 2): a banner set through another
//   front node reaches this one's pages within that time. While the database
//   does not answer, the node keeps serving the files it has.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/clock.h"
#include "os/periodic.h"
#include "store/db.h"

namespace guichet::admin {

std::unique_ptr<PeriodicThread> review_sweeper(Db db, int64_t interval_ms, int64_t promotion_ms,
                                               const Clock& clock = system_clock());
std::unique_ptr<PeriodicThread> banner_follower(Db db, std::string status_dir, int64_t interval_ms);

}  // namespace guichet::admin
