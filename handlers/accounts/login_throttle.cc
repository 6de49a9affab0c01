#include "accounts/login_throttle.h"

namespace guichet::accounts {

int64_t login_delay_seconds(int64_t failed_logins) {
    if (failed_logins < kFreeFailures) return 0;
    int64_t delay = kFirstDelaySeconds;
    for (int64_t i = kFreeFailures; i < failed_logins && delay < kMaxDelaySeconds; ++i) delay *= 2;
    return delay < kMaxDelaySeconds ? delay : kMaxDelaySeconds;
}

int64_t login_wait_seconds(int64_t failed_logins, int64_t last_failed_at_ms, int64_t now_ms) {
    int64_t until = last_failed_at_ms + login_delay_seconds(failed_logins) * 1000;
    if (now_ms >= until) return 0;
    return (until - now_ms + 999) / 1000;  // whole seconds, rounded up
}

}  // namespace guichet::accounts
