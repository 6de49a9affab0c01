// Measures what the public log of claims (domain/claim_log.h) adds to the
// claim transaction. A burst of claims is recorded the committer's way
// (batches of kMaxBatch in one BEGIN IMMEDIATE ... COMMIT, synchronous=FULL),
// each claim's work under the lock including its log entry; then the log is
// emptied and the same entries are appended again, alone, in the same
// batches: the log's own part (the head's read, a SHA-256, one insert) beside
// the whole claim's. Built and run by hand, from the top of the checkout,
// after `make BUILD=build-b build-b/bin/unit-tests` (any BUILD folder):
//
//   g++ -std=c++17 -O2 -Ihandlers -I. tests/bench/claim_log_bench.cc build-b/obj/handlers/claim/claim_place.o
//       build-b/obj/handlers/claim/receipt.o build-b/obj/tools/guichet-seed/seed.o
//       build-b/libguichet-{http,domain,os,store,crypto,base}.a -lsqlite3 -lmbedcrypto -ljansson -largon2
//       -lpthread -o /tmp/claim-log-bench
//   /tmp/claim-log-bench [CLAIMS [RUNS [DIR]]]
//
// CLAIMS default 42,000, RUNS 3, DIR /tmp (put it on the database's disk).
// Prints per run, and the median: CPU µs per claim (this thread's CPU time,
// steady on a shared machine) for the whole claim and for its log entry, and
// the commit per batch (ms) for each. Not a test: nothing is asserted.
#include <cstdio>
#include <string>
#include <vector>

#include "claim/claim_place.h"
#include "claim/committer.h"
#include "domain/claim_log.h"
#include "tests/bench/claim_bench.h"

using namespace guichet;
using namespace guichet::bench;

namespace {

struct Part {
    double cpu_us = 0;     // per claim
    double commit_ms = 0;  // per batch
};

// Runs `step(state, i)` for i in [0, n) in batches, each batch one write
// transaction with its BatchState.
template <class Step>
Part batched(Db& db, size_t n, Step step) {
    double cpu = 0;
    Steady::duration commit{};
    int64_t batches = 0;
    for (size_t at = 0; at < n; at += claim::kMaxBatch, ++batches) {
        Transaction tx(db, Transaction::write);
        double begun = thread_cpu_seconds();
        claim::BatchState state(db);
        for (size_t i = at; i < std::min(n, at + claim::kMaxBatch); ++i) step(state, i);
        state.finish(db);
        cpu += thread_cpu_seconds() - begun;
        auto written = Steady::now();
        tx.commit();
        commit += Steady::now() - written;
    }
    return {cpu * 1e6 / static_cast<double>(n), seconds(commit) * 1e3 / static_cast<double>(batches)};
}

std::pair<Part, Part> run(const std::string& dir, int64_t claims) {
    std::string path = dir + "/claim-log-bench.db";
    Program program = load_program("db/program.json");
    const std::string key(32, 'k');
    Random random;
    std::vector<seed::SeededCandidate> seeded = seeded_db(path, program, claims, random);
    Db db(path, Durability::full);
    Part whole = batched(db, seeded.size(), [&](claim::BatchState& state, size_t i) {
        claim::place_in_transaction(db, state, program, key, seeded[i].account_id, "c" + std::to_string(i), now_ms(), {});
    });
    std::vector<LogFacts> facts;
    {
        Stmt stmt = db.prepare("SELECT rank, claim_id, received_at, dossier_sha256 FROM claims ORDER BY rank");
        while (stmt.step()) facts.push_back({stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.text(3)});
    }
    db.exec("DELETE FROM claim_log");
    Part log = batched(db, facts.size(), [&](claim::BatchState&, size_t i) { append_claim_log(db, facts[i]); });
    remove_db(path);
    return {whole, log};
}

}  // namespace

int main(int argc, char** argv) {
    Args args = parse_args(argc, argv, "claim-log-bench");
    int64_t claims = args.claims;
    int runs = args.runs;
    std::vector<double> whole_cpu, whole_commit, log_cpu, log_commit;
    for (int r = 0; r < runs; ++r) {
        auto [whole, log] = run(args.dir, claims);
        std::printf("run %d: claim %6.1f us CPU, %6.2f ms/commit; its log entry alone %5.1f us CPU, %6.2f ms/commit\n",
                    r + 1, whole.cpu_us, whole.commit_ms, log.cpu_us, log.commit_ms);
        std::fflush(stdout);
        whole_cpu.push_back(whole.cpu_us);
        whole_commit.push_back(whole.commit_ms);
        log_cpu.push_back(log.cpu_us);
        log_commit.push_back(log.commit_ms);
    }
    std::printf("median of %d runs, %lld claims: claim %.1f us CPU (log entry included), log entry %.1f us CPU "
                "(%.1f%% of the claim's); commits %.2f ms per batch, %.2f ms for the entries alone\n",
                runs, static_cast<long long>(claims), median(whole_cpu), median(log_cpu),
                100.0 * median(log_cpu) / median(whole_cpu), median(whole_commit), median(log_commit));
    return 0;
}
