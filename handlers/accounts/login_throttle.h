// Per-account progressive delay after failed logins (accounts.failed_logins,
// accounts.last_failed_at). The first kFreeFailures failures cost nothing;
// after them each attempt must wait a delay that doubles with every further
// failure, capped at kMaxDelaySeconds. There is never a permanent lockout (an
// attacker could otherwise lock a victim out): once the delay has passed one
// attempt is heard again, and a successful login resets the count.
#pragma once

#include <cstdint>

namespace guichet::accounts {

inline constexpr int64_t kFreeFailures = 5;
inline constexpr int64_t kFirstDelaySeconds = 2;
inline constexpr int64_t kMaxDelaySeconds = 15 * 60;

// How long after the last failure the next attempt is refused.
int64_t login_delay_seconds(int64_t failed_logins);
// Seconds the caller must still wait (0: the attempt may proceed).
int64_t login_wait_seconds(int64_t failed_logins, int64_t last_failed_at_ms, int64_t now_ms);

}  // namespace guichet::accounts
