// Login throttling that never refuses the right password to its owner because
// of failures that came from elsewhere (candidates and administrators alike).
//
// Failures are counted per (subject, client) and per client:
// - a subject is what was tried (an email address, known or not, or an
//   administrator's name), a client an IPv4 address or an IPv6 /64;
// - on one pair, the first kFreeFailures cost nothing; after them each attempt
//   waits a delay that doubles with every further failure, capped at
//   kMaxDelaySeconds: a guesser slows down on that account from where it
//   guesses, and the owner, from their own client, is not slowed at all;
// - one client's total over every subject gets kClientFreeFailures (a sprayer
//   trying many accounts from one address), then the same doubling delay;
// - there is never a permanent lockout, a count a day old starts again, and a
//   success clears its pair.
//
// Check and count are one step: reserve_attempt() counts the attempt as a
// failure, in the caller's write transaction, before the password is hashed;
// a success then clears it (clear_attempt). So parallel guesses cannot pass
// the check together.
#pragma once

#include <cstdint>
#include <string>

#include "store/db.h"

namespace guichet {

inline constexpr int64_t kFreeFailures = 5;
inline constexpr int64_t kClientFreeFailures = 30;
inline constexpr int64_t kFirstDelaySeconds = 2;
inline constexpr int64_t kMaxDelaySeconds = 15 * 60;
inline constexpr int64_t kFailureMemoryMs = 24 * 3600 * 1000;

// How long after the last failure the next attempt is refused, for a count
// with `free_failures` free ones.
int64_t login_delay_seconds(int64_t failures, int64_t free_failures = kFreeFailures);
// Seconds the caller must still wait (0: the attempt may proceed).
int64_t login_wait_seconds(int64_t failures, int64_t last_failed_at_ms, int64_t now_ms,
                           int64_t free_failures = kFreeFailures);

// The subject of a candidate's login (the normalised address) or an admin's.
std::string candidate_subject(const std::string& email);
std::string admin_subject(const std::string& name);

// Inside a write transaction. Returns the seconds to wait (and counts
// nothing) when the pair or the client is delayed; otherwise counts this
// attempt as a failure of both and returns 0.
int64_t reserve_attempt(Db& db, const std::string& subject, const std::string& client, int64_t now);
// Inside a write transaction, after a success: the pair's count is cleared and
// the client's total takes back this attempt.
void clear_attempt(Db& db, const std::string& subject, const std::string& client);

}  // namespace guichet
