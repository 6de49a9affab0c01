// Fixtures for the claim tests: candidates seeded straight into a site's
// database by tools/guichet-seed, the claims as the database holds them,
// and a burst of parallel candidates claiming with jittered retries.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/integration/site.h"

namespace guichet::test {

struct Candidate {
    int64_t account_id = 0;
    std::string email;
    std::string cookie;  // guichet_session value
};

// Runs guichet-seed on the site's data; REQUIREs success.
std::vector<Candidate> seed_candidates(const Site& site, int count);

// An HttpClient logged in as the candidate (the session cookie set).
void log_in(HttpClient& client, const Candidate& candidate);

struct StoredClaim {
    int64_t rank = 0;
    std::string outcome;
    std::string receipt;
};
// Every claim in the site's database, by account id.
std::map<int64_t, StoredClaim> stored_claims(const Site& site);

// What one candidate was finally told.
struct ClaimSeen {
    long status = 0;          // 201 or 200 when acknowledged; else the last status
    std::string body;
    std::string receipt;      // the receipt text when acknowledged
    int64_t rank = 0;         // from the receipt
    std::string outcome;
};

struct BurstCounts {
    std::atomic<long> busy{0};         // nginx's 503 busy (queue full)
    std::atomic<long> unavailable{0};  // 503 unavailable (handler down or database busy)
    std::atomic<long> no_answer{0};    // connection failed
    std::atomic<long> other{0};        // anything else: a defect
};

// `threads` clients claim for all candidates (each candidate once, retrying
// on 503 and on a lost connection with 5-40 ms jittered back-off, at most
// `max_attempts` times). Returns what each candidate saw, in order.
std::vector<ClaimSeen> claim_burst(const Site& site, const std::vector<Candidate>& candidates, int threads,
                                   BurstCounts& counts, int max_attempts = 2000);

}  // namespace guichet::test
