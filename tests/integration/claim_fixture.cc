#include "tests/integration/claim_fixture.h"

#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <thread>

#include "store/db.h"
#include "tests/integration/json_util.h"

namespace guichet::test {

std::vector<Candidate> seed_candidates(const Site& site, int count) {
    std::string out = site.data() + "/seeded.txt";
    std::string output;
    int status = run_command(site.tool_env() + shell_quote(bin_dir() + "/guichet-seed") + " --data " + shell_quote(site.data()) +
                                 " --count " + std::to_string(count) + " --out " + shell_quote(out),
                             &output);
    REQUIRE_MESSAGE(status == 0, output);
    std::vector<Candidate> candidates;
    std::ifstream file(out);
    Candidate c;
    while (file >> c.account_id >> c.email >> c.cookie) candidates.push_back(c);
    REQUIRE(candidates.size() == static_cast<size_t>(count));
    return candidates;
}

void log_in(HttpClient& client, const Candidate& candidate) {
    client.clear_cookies();
    client.set_cookie("guichet_session", candidate.cookie);
}

std::map<int64_t, StoredClaim> stored_claims(const Site& site) {
    std::map<int64_t, StoredClaim> claims;
    Db db = Db::open_readonly(site.database());
    Transaction read(db, Transaction::read);
    Stmt stmt = db.prepare("SELECT account_id, rank, outcome, receipt FROM claims");
    while (stmt.step()) {
        StoredClaim claim;
        claim.rank = stmt.int64(1);
        claim.outcome = stmt.text(2);
        claim.receipt = stmt.text(3);
        claims[stmt.int64(0)] = claim;
    }
    return claims;
}

namespace {

bool read_receipt(const HttpResponse& response, ClaimSeen& seen) {
    Json body = parse_json(response.body);
    if (!body) return false;
    seen.receipt = json_text(body, "receipt");
    Json receipt = parse_json(seen.receipt);
    if (!receipt) return false;
    seen.rank = json_int(receipt, "rank");
    seen.outcome = json_text(receipt, "outcome");
    return seen.rank > 0;
}

}  // namespace

std::vector<ClaimSeen> claim_burst(const Site& site, const std::vector<Candidate>& candidates, int threads,
                                   BurstCounts& counts, int max_attempts) {
    std::vector<ClaimSeen> seen(candidates.size());
    std::atomic<size_t> next{0};
    // Clients are made here, before the threads: curl's global set-up is not thread-safe.
    std::vector<std::unique_ptr<HttpClient>> clients;
    for (int t = 0; t < threads; ++t) clients.push_back(std::make_unique<HttpClient>(site.url()));
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            HttpClient& client = *clients[t];
            std::mt19937 jitter(static_cast<unsigned>(t) * 7919u + 1u);
            std::uniform_int_distribution<int> backoff_ms(5, 40);
            for (size_t i = next++; i < candidates.size(); i = next++) {
                log_in(client, candidates[i]);
                for (int attempt = 0; attempt < max_attempts; ++attempt) {
                    // Each thread is a client of its own address (the loopback is a
                    // trusted proxy in test sites): the per-client caps see 64 clients.
                    HttpResponse response = client.request(
                        "POST", "/api/claim", "", {"X-Forwarded-For: 10.9." + std::to_string(t / 250) + "." +
                                                   std::to_string(t % 250 + 1)});
                    seen[i].status = response.status;
                    seen[i].body = response.body;
                    if (response.status == 201 || response.status == 200) {
                        if (!read_receipt(response, seen[i])) ++counts.other;
                        break;
                    }
                    bool retry_after = !response.header("retry-after").empty();
                    if (response.status == 503 && retry_after && is_error(response.body, "busy")) ++counts.busy;
                    else if (response.status == 503 && retry_after && is_error(response.body, "unavailable")) {
                        ++counts.unavailable;
                    }
                    else if (response.status == 0) ++counts.no_answer;
                    else {
                        ++counts.other;
                        break;
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms(jitter)));
                }
            }
        });
    }
    for (auto& worker : workers) worker.join();
    return seen;
}

}  // namespace guichet::test
