// Measures what one place per person (domain/identity.h) adds to the claim
// transaction: the same burst of claims recorded the committer's way (batches
// of kMaxBatch claims in one BEGIN IMMEDIATE ... COMMIT, synchronous=FULL),
// once with the program's identity declared (an HMAC, an indexed read of
// claims.identity_hash and one more index entry per claim) and once without.
// Built and run by hand, from the top of the checkout, after `make
// BUILD=build-id build-id/bin/unit-tests` (any BUILD folder will do):
//
//   g++ -std=c++17 -O2 -Ihandlers -I. tests/bench/identity_check_bench.cc build-id/obj/handlers/claim/claim_place.o
//       build-id/obj/handlers/claim/receipt.o build-id/obj/tools/guichet-seed/seed.o
//       build-id/libguichet-{http,domain,os,store,crypto,base}.a -lsqlite3 -lmbedcrypto -ljansson -largon2
//       -lpthread -o /tmp/identity-check-bench
//   /tmp/identity-check-bench [CLAIMS [RUNS [DIR]]]
//
// CLAIMS (default 42,000, opening day's crowd) seeded candidates claim, in
// batches of 512 (the committer's largest; at opening its batches are that
// full). RUNS (default 3) alternate the two variants, each on a fresh database
// in DIR (default /tmp: put it on the disk the database will be on). Prints,
// per variant, the median over runs of: the work under the lock per claim
// (place_in_transaction: the checks, receipt and writes), as this thread's CPU
// time (µs; steady on a shared machine) and by the clock; the commit per batch
// (ms, its fsync); and the whole burst (s). Not a test: nothing is asserted.
#include <cstdio>
#include <string>
#include <vector>

#include "claim/claim_place.h"
#include "claim/committer.h"
#include "tests/bench/claim_bench.h"

using namespace guichet;
using namespace guichet::bench;

namespace {

struct Figures {
    double cpu_us_per_claim = 0;  // this thread's CPU time: steadier than the clock on a shared machine
    double work_us_per_claim = 0;
    double commit_ms_per_batch = 0;
    double burst_s = 0;
};

Figures run(const std::string& dir, int64_t claims, bool with_identity) {
    std::string path = dir + "/identity-bench.db";
    Program program = load_program("db/program.json");
    if (!with_identity) program.identity.reset();
    const std::string key(32, 'k');
    Random random;
    std::vector<seed::SeededCandidate> seeded = seeded_db(path, program, claims, random);
    Db db(path, Durability::full);
    Steady::duration work{}, commit{};
    double cpu = 0;
    int64_t batches = 0, created = 0;
    auto start = Steady::now();
    for (size_t at = 0; at < seeded.size(); at += claim::kMaxBatch, ++batches) {
        Transaction tx(db, Transaction::write);
        auto begun = Steady::now();
        double cpu_begun = thread_cpu_seconds();
        claim::BatchState state(db);
        for (size_t i = at; i < std::min(seeded.size(), at + claim::kMaxBatch); ++i) {
            claim::ClaimOutcome outcome = claim::place_in_transaction(
                db, state, program, key, seeded[i].account_id, "c" + std::to_string(i), now_ms(), {});
            if (outcome.created) ++created;
        }
        state.finish(db);
        cpu += thread_cpu_seconds() - cpu_begun;
        auto written = Steady::now();
        tx.commit();
        work += written - begun;
        commit += Steady::now() - written;
    }
    Figures figures;
    figures.burst_s = seconds(Steady::now() - start);
    figures.work_us_per_claim = seconds(work) * 1e6 / static_cast<double>(claims);
    figures.cpu_us_per_claim = cpu * 1e6 / static_cast<double>(claims);
    figures.commit_ms_per_batch = seconds(commit) * 1e3 / static_cast<double>(batches);
    if (created != claims) std::fprintf(stderr, "only %lld of %lld claims recorded\n", (long long)created, (long long)claims);
    remove_db(path);
    return figures;
}

}  // namespace

int main(int argc, char** argv) {
    Args args = parse_args(argc, argv, "identity-check-bench");
    int64_t claims = args.claims;
    int runs = args.runs;
    const std::string& dir = args.dir;
    std::vector<double> cpu[2], work[2], commit[2], burst[2];
    for (int r = 0; r < runs; ++r) {
        for (int variant = 0; variant < 2; ++variant) {
            Figures f = run(dir, claims, variant == 1);
            std::printf("run %d %-16s %6.1f us CPU/claim, %6.1f us/claim under the lock, %6.2f ms/commit, %6.2f s in all\n",
                        r + 1, variant ? "with identity" : "without identity", f.cpu_us_per_claim, f.work_us_per_claim,
                        f.commit_ms_per_batch, f.burst_s);
            std::fflush(stdout);
            cpu[variant].push_back(f.cpu_us_per_claim);
            work[variant].push_back(f.work_us_per_claim);
            commit[variant].push_back(f.commit_ms_per_batch);
            burst[variant].push_back(f.burst_s);
        }
    }
    for (int variant = 0; variant < 2; ++variant) {
        std::printf("median %-16s %6.1f us CPU/claim, %6.1f us/claim under the lock, %6.2f ms/commit, %6.2f s for %lld claims\n",
                    variant ? "with identity" : "without identity", median(cpu[variant]), median(work[variant]),
                    median(commit[variant]), median(burst[variant]), static_cast<long long>(claims));
    }
    std::printf("identity check: %+.1f us CPU/claim (%+.1f%%), %+.1f us/claim under the lock, %+.2f ms/commit\n",
                median(cpu[1]) - median(cpu[0]), 100.0 * (median(cpu[1]) - median(cpu[0])) / median(cpu[0]),
                median(work[1]) - median(work[0]), median(commit[1]) - median(commit[0]));
    return 0;
}
