// What the claim-lock benchmarks (identity_check_bench.cc, claim_log_bench.cc)
// share: their arguments, a fresh database of seeded candidates with a window
// open for them all, the thread's CPU time, and the median of runs.
#pragma once

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "domain/window.h"
#include "store/migrate.h"
#include "tools/guichet-seed/seed.h"

namespace guichet::bench {

using Steady = std::chrono::steady_clock;

struct Args {
    int64_t claims = 42000;  // opening day's crowd
    int runs = 3;
    std::string dir = "/tmp";  // put it on the disk the database will be on
};

// [CLAIMS [RUNS [DIR]]]; exits 2 with the usage line when they make no sense.
inline Args parse_args(int argc, char** argv, const char* name) {
    Args args;
    if (argc > 1) args.claims = std::atoll(argv[1]);
    if (argc > 2) args.runs = std::atoi(argv[2]);
    if (argc > 3) args.dir = argv[3];
    if (args.claims <= 0 || args.runs <= 0) {
        std::fprintf(stderr, "usage: %s [CLAIMS [RUNS [DIR]]]\n", name);
        std::exit(2);
    }
    return args;
}

inline void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

// A fresh database at path: every migration, `claims` seeded candidates with
// compliant dossiers, and a first-come window open for as many places.
inline std::vector<seed::SeededCandidate> seeded_db(const std::string& path, const Program& program, int64_t claims,
                                                    Random& random) {
    remove_db(path);
    Db setup(path, Durability::normal, 5000, true);
    apply_migrations(setup, read_migrations("db/migrations"));
    std::vector<seed::SeededCandidate> seeded = seed::seed_candidates(setup, program, claims, random);
    int64_t now = now_ms();
    Transaction tx(setup, Transaction::write);
    store_window(setup, {now - 1000, now + 3600000, claims, "fcfs", std::nullopt, ""}, now - 2000);
    tx.commit();
    return seeded;
}

inline double seconds(Steady::duration d) { return std::chrono::duration<double>(d).count(); }

// This thread's CPU time: steadier than the clock on a shared machine.
inline double thread_cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace guichet::bench
