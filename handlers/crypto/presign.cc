#include "crypto/presign.h"

#include <mbedtls/platform_util.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "crypto/digest.h"

namespace guichet {

namespace {

// One owner per mbedTLS value; mbedtls_mpi_free and mbedtls_ecp_*_free wipe.
struct Mpi {
    mbedtls_mpi v;
    Mpi() { mbedtls_mpi_init(&v); }
    ~Mpi() { mbedtls_mpi_free(&v); }
    Mpi(const Mpi&) = delete;
    Mpi& operator=(const Mpi&) = delete;
};

struct Point {
    mbedtls_ecp_point v;
    Point() { mbedtls_ecp_point_init(&v); }
    ~Point() { mbedtls_ecp_point_free(&v); }
    Point(const Point&) = delete;
    Point& operator=(const Point&) = delete;
};

// A group of its own for each computing thread: scalar multiplication may
// cache tables inside the group.
struct P256 {
    mbedtls_ecp_group v;
    P256() {
        mbedtls_ecp_group_init(&v);
        if (mbedtls_ecp_group_load(&v, MBEDTLS_ECP_DP_SECP256R1) != 0) {
            mbedtls_ecp_group_free(&v);
            throw std::runtime_error("cannot load P-256");
        }
    }
    ~P256() { mbedtls_ecp_group_free(&v); }
    P256(const P256&) = delete;
    P256& operator=(const P256&) = delete;
};

// The filler takes only CPU time nothing else wants. On Linux, pid 0 is the
// calling thread for both calls (the sandbox allows only that form).
void lower_this_thread_priority() {
    sched_param param{};
    param.sched_priority = 0;
    if (sched_setscheduler(0, SCHED_IDLE, &param) != 0) setpriority(PRIO_PROCESS, 0, 19);
}

}  // namespace

NoncePool::NoncePool(const EcKey& key, size_t target)
    : target_(target),
      refill_level_(target - std::max<size_t>(1, target / 10)),
      owner_(getpid()),
      memory_(std::max<size_t>(1, target) * sizeof(Pair)),
      pairs_(static_cast<Pair*>(memory_.data())) {
    mbedtls_ecp_group_init(&group_);
    mbedtls_mpi_init(&d_);
    if (!key.has_private_ || mbedtls_pk_get_type(&key.pk_) != MBEDTLS_PK_ECKEY ||
        mbedtls_ecp_group_load(&group_, MBEDTLS_ECP_DP_SECP256R1) != 0 ||
        mbedtls_mpi_copy(&d_, &mbedtls_pk_ec(key.pk_)->d) != 0) {
        mbedtls_mpi_free(&d_);
        mbedtls_ecp_group_free(&group_);
        throw std::runtime_error("nonce pool needs a private P-256 key");
    }
}

NoncePool::~NoncePool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_filler_.notify_all();
    if (filler_.joinable()) filler_.join();
    mbedtls_platform_zeroize(pairs_, count_ * sizeof(Pair));  // memory_ wipes its pages again when unmapped
    mbedtls_mpi_free(&d_);
    mbedtls_ecp_group_free(&group_);
}

// SEC1 4.1.3 steps 1-3, up to k⁻¹: k uniform in [1, n-1] (mbedTLS draws by
// rejection), r = x(k·G) mod n, and (k·t)⁻¹ with a random t, kept with t: the
// inversion's timing says nothing about k, and signing multiplies by t before
// it reduces anything (the blinding mbedtls_ecdsa_sign uses).
// False when r is 0 (probability about 2^-256) or mbedTLS fails.
bool NoncePool::compute_pair(mbedtls_ecp_group& group, Random& random, Pair& out) {
    Mpi k, t, kt, kt_inverse, r;
    Point kg;
    if (mbedtls_ecp_gen_privkey(&group, &k.v, Random::callback, &random) != 0 ||
        mbedtls_ecp_mul(&group, &kg.v, &k.v, &group.G, Random::callback, &random) != 0 ||
        mbedtls_mpi_mod_mpi(&r.v, &kg.v.X, &group.N) != 0 || mbedtls_mpi_cmp_int(&r.v, 0) == 0) {
        return false;
    }
    if (mbedtls_ecp_gen_privkey(&group, &t.v, Random::callback, &random) != 0 ||
        mbedtls_mpi_mul_mpi(&kt.v, &k.v, &t.v) != 0 || mbedtls_mpi_mod_mpi(&kt.v, &kt.v, &group.N) != 0 ||
        mbedtls_mpi_inv_mod(&kt_inverse.v, &kt.v, &group.N) != 0) {
        return false;
    }
    if (mbedtls_mpi_write_binary(&r.v, out.r, sizeof out.r) != 0 ||
        mbedtls_mpi_write_binary(&kt_inverse.v, out.kt_inverse, sizeof out.kt_inverse) != 0 ||
        mbedtls_mpi_write_binary(&t.v, out.t, sizeof out.t) != 0) {
        mbedtls_platform_zeroize(&out, sizeof out);
        return false;
    }
    return true;
}

bool NoncePool::add(Pair& pair) {
    bool added = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (count_ < target_) {
            pairs_[count_++] = pair;
            added = true;
        }
    }
    mbedtls_platform_zeroize(&pair, sizeof pair);
    return added;
}

size_t NoncePool::fill(Random& random, size_t count) {
    P256 group;
    size_t added = 0;
    for (size_t i = 0; i < count && size() < target_; ++i) {
        Pair pair;
        if (!compute_pair(group.v, random, pair)) continue;
        if (!add(pair)) break;
        ++added;
    }
    return added;
}

void NoncePool::start_filler() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (filler_.joinable() || stopping_) return;
    filler_ = std::thread([this] { run_filler(); });
}

void NoncePool::run_filler() {
    lower_this_thread_priority();
    try {
        Random random;  // this thread's own DRBG
        P256 group;
        std::unique_lock<std::mutex> lock(mutex_);
        while (!stopping_) {
            if (count_ >= target_) {
                wake_filler_.wait(lock, [this] { return stopping_ || count_ <= refill_level_; });
                continue;
            }
            auto since = std::chrono::steady_clock::now() - last_signed_;
            if (since < quiet()) {  // claims are being signed: refill after the burst
                wake_filler_.wait_for(lock, quiet() - since);
                continue;
            }
            lock.unlock();
            Pair pair;
            bool computed = compute_pair(group.v, random, pair);
            if (computed) add(pair);
            lock.lock();
            if (!computed) break;  // mbedTLS failing (memory): stop rather than spin; sign() falls back
        }
    } catch (const std::exception&) {
        // No DRBG or group: the pool stays as it is and sign() falls back.
    }
}

std::optional<std::string> NoncePool::sign(std::string_view message) {
    if (getpid() != owner_) return std::nullopt;
    // z: SHA-256 as a big-endian integer; P-256's n has 256 bits, so no
    // truncation, then reduced once mod n, as mbedTLS's derive_mpi does.
    std::string hash = sha256(message);
    Mpi z;
    if (mbedtls_mpi_read_binary(&z.v, reinterpret_cast<const unsigned char*>(hash.data()), hash.size()) != 0 ||
        (mbedtls_mpi_cmp_mpi(&z.v, &group_.N) >= 0 && mbedtls_mpi_sub_mpi(&z.v, &z.v, &group_.N) != 0)) {
        throw std::runtime_error("ecdsa sign failed");
    }
    for (;;) {
        Pair pair;
        bool wake = false;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (count_ == 0) return std::nullopt;
            --count_;
            pair = pairs_[count_];
            mbedtls_platform_zeroize(&pairs_[count_], sizeof(Pair));
            wake = count_ == refill_level_;  // once, as the pool crosses the level
            last_signed_ = std::chrono::steady_clock::now();
        }
        if (wake) wake_filler_.notify_one();
        Mpi r, kt_inverse, t, e, s;
        bool failed = mbedtls_mpi_read_binary(&r.v, pair.r, sizeof pair.r) ||
                     mbedtls_mpi_read_binary(&kt_inverse.v, pair.kt_inverse, sizeof pair.kt_inverse) ||
                     mbedtls_mpi_read_binary(&t.v, pair.t, sizeof pair.t);
        mbedtls_platform_zeroize(&pair, sizeof pair);
        // s = (k·t)⁻¹·((z + r·d)·t) mod n = k⁻¹·(z + r·d) mod n; as in
        // mbedtls_ecdsa_sign, z + r·d is multiplied by t before any reduction.
        failed = failed || mbedtls_mpi_mul_mpi(&e.v, &r.v, &d_) || mbedtls_mpi_add_mpi(&e.v, &e.v, &z.v) ||
                 mbedtls_mpi_mul_mpi(&e.v, &e.v, &t.v) || mbedtls_mpi_mul_mpi(&s.v, &kt_inverse.v, &e.v) ||
                 mbedtls_mpi_mod_mpi(&s.v, &s.v, &group_.N);
        if (failed) throw std::runtime_error("ecdsa sign failed");
        if (mbedtls_mpi_cmp_int(&s.v, 0) == 0) continue;  // probability about 2^-256: take the next pair
        std::string signature(64, '\0');
        auto raw = reinterpret_cast<unsigned char*>(signature.data());
        if (mbedtls_mpi_write_binary(&r.v, raw, 32) != 0 || mbedtls_mpi_write_binary(&s.v, raw + 32, 32) != 0) {
            throw std::runtime_error("ecdsa sign failed");
        }
        return signature;
    }
}

size_t NoncePool::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
}

}  // namespace guichet
