// hash-bench: measures what one password hash costs on this machine, to
// choose GUICHET_PBKDF2_ITERATIONS (see docs/accounts.md).
//
//   build/bin/hash-bench [ITERATIONS...]    default: 100000 200000 600000
//
// For each cost it hashes a 16-character password with a 16-byte salt a few
// times on one thread (the way one accounts worker does) and prints the
// median milliseconds per hash and the logins per second one core sustains.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/digest.h"

int main(int argc, char** argv) {
    std::vector<unsigned long> costs;
    for (int i = 1; i < argc; ++i) {
        char* end = nullptr;
        unsigned long cost = std::strtoul(argv[i], &end, 10);
        if (*end != '\0' || cost == 0 || cost > 10000000) {
            std::fprintf(stderr, "usage: hash-bench [ITERATIONS...] (1 to 10000000)\n");
            return 2;
        }
        costs.push_back(cost);
    }
    if (costs.empty()) costs = {100000, 200000, 600000};
    const std::string password = "correct horse 42";
    const std::string salt(16, '\x5a');
    std::printf("%-12s %-12s %s\n", "iterations", "ms/hash", "logins/s per core");
    for (unsigned long cost : costs) {
        std::vector<double> samples;
        for (int run = 0; run < 7; ++run) {
            auto start = std::chrono::steady_clock::now();
            guichet::pbkdf2_sha256(password, salt, static_cast<uint32_t>(cost), 32);
            samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
        std::sort(samples.begin(), samples.end());
        double median = samples[samples.size() / 2];
        std::printf("%-12lu %-12.1f %.1f\n", cost, median, 1000.0 / median);
    }
    return 0;
}
