// hash-bench: measures what one password hash costs on this machine, to
// choose GUICHET_PBKDF2_ITERATIONS (see docs/accounts.md).
//
//   build/bin/hash-bench [ITERATIONS...]    default: 100000 200000 600000
//
// For each cost it hashes a 16-character password with a 16-byte salt a few
// times on one thread (the way one accounts worker does) and prints the
// median CPU milliseconds per hash (the thread's own CPU time, so other load
// on the machine does not inflate it), the median wall-clock milliseconds,
// and the logins per second one core sustains (1000 / CPU ms).
//
// Then argon2id (Debian's libargon2) at OWASP's password-storage parameters
// (m = 19 MiB, t = 2, p = 1; and m = 46 MiB, t = 1) the same way, with the
// memory each hash holds: the figures docs/accounts.md chooses between.
//
// Then it measures receipt signatures (ECDSA P-256, crypto/ecdsa.h and
// crypto/presign.h) the same way, per operation in CPU microseconds (median of
// 7 batches of 200): the deterministic signature the claim worker makes today,
// one precomputed nonce pair (what the idle filler spends ahead of time), and
// one signature from the nonce pool.
#include <argon2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <ctime>
#include <vector>

#include "crypto/digest.h"
#include "crypto/ecdsa.h"
#include "crypto/presign.h"
#include "crypto/random.h"

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
    auto cpu_ms = [] {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
    };
    std::printf("%-12s %-12s %-12s %s\n", "iterations", "cpu ms", "wall ms", "logins/s per core");
    for (unsigned long cost : costs) {
        std::vector<double> cpu, wall;
        for (int run = 0; run < 7; ++run) {
            double cpu_start = cpu_ms();
            auto start = std::chrono::steady_clock::now();
            guichet::pbkdf2_sha256(password, salt, static_cast<uint32_t>(cost), 32);
            wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            cpu.push_back(cpu_ms() - cpu_start);
        }
        std::sort(cpu.begin(), cpu.end());
        std::sort(wall.begin(), wall.end());
        double median = cpu[cpu.size() / 2];
        std::printf("%-12lu %-12.1f %-12.1f %.1f\n", cost, median, wall[wall.size() / 2], 1000.0 / median);
    }

    // argon2id at OWASP's parameters (Password Storage Cheat Sheet).
    std::printf("\n%-24s %-12s %-12s %-10s %s\n", "argon2id", "cpu ms", "wall ms", "memory", "logins/s per core");
    for (auto [memory_kib, passes] : {std::pair<uint32_t, uint32_t>{19456, 2}, {47104, 1}}) {
        std::vector<double> cpu, wall;
        unsigned char hash[32];
        for (int run = 0; run < 7; ++run) {
            double cpu_start = cpu_ms();
            auto start = std::chrono::steady_clock::now();
            int result = argon2id_hash_raw(passes, memory_kib, 1, password.data(), password.size(), salt.data(),
                                           salt.size(), hash, sizeof hash);
            if (result != ARGON2_OK) {
                std::fprintf(stderr, "argon2id: %s\n", argon2_error_message(result));
                return 1;
            }
            wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            cpu.push_back(cpu_ms() - cpu_start);
        }
        std::sort(cpu.begin(), cpu.end());
        std::sort(wall.begin(), wall.end());
        char label[40];
        std::snprintf(label, sizeof label, "m=%u KiB t=%u p=1", memory_kib, passes);
        double median = cpu[cpu.size() / 2];
        std::printf("%-24s %-12.1f %-12.1f %-10s %.1f\n", label, median, wall[wall.size() / 2],
                    (std::to_string(memory_kib / 1024) + " MiB").c_str(), 1000.0 / median);
    }

    // Receipt signatures: median CPU microseconds per operation over batches.
    const int batch = 200;
    guichet::Random random;
    guichet::EcKey key;
    guichet::EcKey::generate(key, random);
    const std::string receipt =
        "{\"candidate\":\"ana@example.org\",\"claim_id\":\"9f2c4e1a7b3d5f60718293a4b5c6d7e8\",\"rank\":17}";
    // `operation(count)` does `count` operations.
    auto per_operation_us = [&](auto operation) {
        std::vector<double> cpu;
        for (int run = 0; run < 7; ++run) {
            double cpu_start = cpu_ms();
            operation(batch);
            cpu.push_back((cpu_ms() - cpu_start) * 1000.0 / batch);
        }
        std::sort(cpu.begin(), cpu.end());
        return cpu[cpu.size() / 2];
    };
    guichet::NoncePool pool(key, 7 * batch);
    double deterministic = per_operation_us([&](int count) {
        for (int i = 0; i < count; ++i) key.sign_deterministic(receipt, random);
    });
    double pair = per_operation_us([&](int count) { pool.fill(random, count); });
    double pooled = per_operation_us([&](int count) {
        for (int i = 0; i < count; ++i) {
            if (!pool.sign(receipt)) std::abort();  // the pool holds exactly the 7 batches
        }
    });
    std::printf("\n%-28s %s\n", "receipt signature", "cpu us");
    std::printf("%-28s %.1f\n", "sign_deterministic", deterministic);
    std::printf("%-28s %.1f\n", "nonce pool: precompute pair", pair);
    std::printf("%-28s %.1f\n", "nonce pool: sign", pooled);
    return 0;
}
