// Receipt signatures in microseconds: ECDSA P-256 with nonces precomputed
// while the process is idle.
//
// An ECDSA signature's cost is the scalar multiplication k·G, and k·G does not
// depend on the message. A NoncePool computes pairs (r, k⁻¹ mod n) ahead of
// time, k uniform in [1, n-1] from a CTR_DRBG and r = x(k·G) mod n, so that
// signing is only s = k⁻¹·(z + r·d) mod n. The signature is an ordinary
// random-nonce ECDSA signature (SEC1): EcKey::verify, WebCrypto and OpenSSL
// accept it. It is NOT deterministic: the same message signed twice gives two
// different (both valid) signatures, unlike EcKey::sign_deterministic.
//
// Security:
// - A nonce used twice, or known, gives the private key away. So pairs live
//   only in this process's memory: never on disk, never in a log, never
//   returned by any method. Each pair is removed under the lock before it is
//   used, so it is used exactly once, whatever the number of signing threads.
// - The pairs live in one SecretMemory mapping (crypto/secret_memory.h),
//   made once for `target` pairs and never reallocated (no stray copies):
//   locked out of swap, left out of core dumps, zeros in a forked child. A
//   used k⁻¹ is wiped at once (mbedtls_platform_zeroize), the vacated slot
//   too, and every remaining pair in the destructor.
// - A pool belongs to the process that built it: sign() refuses (nullopt) in a
//   forked child, whose copy of the pairs would repeat the parent's nonces.
//   Build the pool in the worker itself, after any fork.
// - k comes from a CTR_DRBG seeded from the system entropy: fill()'s caller
//   passes its own Random; the filler thread builds its own (Random is not
//   thread-safe). k⁻¹ is computed with a random blinding factor, as mbedTLS
//   does, so the inversion's timing does not depend on k.
// - Start the filler after enter_sandbox (os/sandbox.h): Landlock and
//   seccomp confine the calling thread and the threads it creates later, not
//   threads that already exist.
//
// The filler thread runs at SCHED_IDLE (nice 19 if that is refused), so it
// only takes CPU time nothing else wants: days of idle time before opening
// fill the pool; during the burst it yields to the workers. When the pool is
// empty sign() answers nullopt and the caller signs the slow way.
#pragma once

#include <mbedtls/bignum.h>
#include <mbedtls/ecp.h>
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "crypto/ecdsa.h"
#include "crypto/random.h"
#include "crypto/secret_memory.h"

namespace guichet {

class NoncePool {
public:
    // Copies the private scalar of `key` (which must hold a private P-256 key;
    // throws std::runtime_error otherwise): the pool does not refer to `key`
    // afterwards. Holds at most `target` pairs (96 bytes each).
    NoncePool(const EcKey& key, size_t target);
    // Stops and joins the filler (it checks between pairs, so this waits at
    // most one pair, about half a millisecond) and wipes every pair.
    ~NoncePool();
    NoncePool(const NoncePool&) = delete;
    NoncePool& operator=(const NoncePool&) = delete;

    // Computes up to `count` pairs now, on this thread, never beyond target.
    // Returns how many were added. Each call first builds its own P-256
    // tables (about 0.4 ms), so fill in batches, not one pair per call.
    size_t fill(Random& random, size_t count);
    // Starts the one background filler (a second call does nothing). It keeps
    // the pool at target: after filling it, it sleeps until signatures take the
    // pool down to refill_level(), and then waits for the signing to pause
    // for quiet() (a burst of claims is over) before it refills: during the
    // burst, even an idle-priority thread takes CPU time the claims need.
    void start_filler();

    // 64 bytes r‖s over SHA-256(message), with one pair from the pool; nullopt
    // when the pool is empty (or in a forked child).
    std::optional<std::string> sign(std::string_view message);

    size_t size() const;
    size_t target() const { return target_; }
    // Whether the pairs' memory is locked out of swap (see SecretMemory).
    bool locked_in_memory() const { return memory_.locked(); }
    int lock_error() const { return memory_.lock_error(); }
    // The filler wakes when size() falls to this: 90 % of target (at least
    // one below it, so a tiny pool does not wake its filler forever).
    size_t refill_level() const { return refill_level_; }
    static constexpr std::chrono::milliseconds quiet() { return std::chrono::milliseconds(2000); }

private:
    // r, and k⁻¹ kept as (k·t)⁻¹ and t with a random blinding factor t, so
    // that signing reduces mod n only values multiplied by t (as mbedTLS does).
    struct Pair {
        unsigned char r[32];
        unsigned char kt_inverse[32];
        unsigned char t[32];
    };
    static bool compute_pair(mbedtls_ecp_group& group, Random& random, Pair& out);
    bool add(Pair& pair);  // wipes `pair`; false when the pool was full
    void run_filler();

    const size_t target_;
    const size_t refill_level_;
    const pid_t owner_;
    mbedtls_ecp_group group_;  // only N is read while signing
    mbedtls_mpi d_;            // the private scalar

    mutable std::mutex mutex_;
    std::condition_variable wake_filler_;
    SecretMemory memory_;  // room for target_ pairs
    Pair* const pairs_;    // in memory_: pairs_[0 .. count_)
    size_t count_ = 0;     // under mutex_
    bool stopping_ = false;
    std::chrono::steady_clock::time_point last_signed_{};  // under mutex_
    std::thread filler_;
};

}  // namespace guichet
