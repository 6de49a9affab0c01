// Counting failed logins, for login_throttle.h. Known accounts keep their
// count in accounts.failed_logins; unknown addresses in login_failures (by
// SHA-256 of the address), so both are throttled alike. A count whose last
// failure is over a day old starts again from one, for both.
#pragma once

#include <cstdint>
#include <string>

#include "store/db.h"

namespace guichet::accounts {

inline constexpr int64_t kFailureMemoryMs = 24 * 3600 * 1000;

struct Failures {
    int64_t count = 0;
    int64_t last_at = 0;  // ms; 0 when none
};

// Call inside a write transaction.
void record_account_failure(Db& db, int64_t account_id, int64_t now);
Failures unknown_address_failures(Db& db, const std::string& email);
// Also drops rows older than kFailureMemoryMs. Call inside a write transaction.
void record_unknown_address_failure(Db& db, const std::string& email, int64_t now);

}  // namespace guichet::accounts
