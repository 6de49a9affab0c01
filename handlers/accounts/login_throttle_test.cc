// The per-account progressive delay after failed logins.
#include <doctest/doctest.h>

#include "accounts/login_throttle.h"

using namespace guichet::accounts;

TEST_CASE("first_failures_cost_no_delay") {
    for (int64_t failures = 0; failures < kFreeFailures; ++failures) CHECK(login_delay_seconds(failures) == 0);
    CHECK(login_wait_seconds(kFreeFailures - 1, 1000000, 1000000) == 0);
}

TEST_CASE("delay_doubles_with_each_failure_past_the_free_ones") {
    CHECK(login_delay_seconds(kFreeFailures) == kFirstDelaySeconds);
    CHECK(login_delay_seconds(kFreeFailures + 1) == 2 * kFirstDelaySeconds);
    CHECK(login_delay_seconds(kFreeFailures + 2) == 4 * kFirstDelaySeconds);
}

TEST_CASE("delay_is_capped_and_never_a_lockout") {
    CHECK(login_delay_seconds(1000) == kMaxDelaySeconds);
    CHECK(login_delay_seconds(INT64_MAX) == kMaxDelaySeconds);
    int64_t last = 5000000;
    CHECK(login_wait_seconds(1000, last, last + kMaxDelaySeconds * 1000) == 0);
}

TEST_CASE("wait_counts_whole_seconds_left_rounded_up") {
    int64_t last = 10000000;
    CHECK(login_wait_seconds(kFreeFailures, last, last) == kFirstDelaySeconds);
    CHECK(login_wait_seconds(kFreeFailures, last, last + 1) == kFirstDelaySeconds);
    CHECK(login_wait_seconds(kFreeFailures, last, last + kFirstDelaySeconds * 1000 - 1) == 1);
    CHECK(login_wait_seconds(kFreeFailures, last, last + kFirstDelaySeconds * 1000) == 0);
}
