// Memory for secrets that must never leave the process: the receipt nonce
// pool's pairs (crypto/presign.h). A SecretMemory is its own anonymous
// mapping, so the kernel can be told about exactly these pages:
// - MADV_DONTDUMP: never in a core file (on top of RLIMIT_CORE=0 and
//   PR_SET_DUMPABLE=0, os/sandbox.cc), should a limit be raised by hand;
// - MADV_WIPEONFORK: a forked child reads zeros, never a copy of the parent's
//   nonces (a nonce used twice gives the private key away);
// - mlock: never written to swap. Locking is limited by RLIMIT_MEMLOCK (8 MiB
//   by default on Debian; the claim unit raises it): when it is refused the
//   memory still works, locked() says so and the caller logs it.
// The pages are wiped (mbedtls_platform_zeroize) before they are unmapped.
#pragma once

#include <cstddef>

namespace guichet {

class SecretMemory {
public:
    // At least `bytes` bytes, zeroed, rounded up to whole pages. Throws
    // std::runtime_error when the mapping or the dump and fork advice fail.
    explicit SecretMemory(size_t bytes);
    ~SecretMemory();
    SecretMemory(const SecretMemory&) = delete;
    SecretMemory& operator=(const SecretMemory&) = delete;

    void* data() const { return data_; }
    size_t size() const { return size_; }
    // Whether mlock succeeded (the pages cannot reach swap).
    bool locked() const { return locked_; }
    // errno of a refused mlock (0 when locked).
    int lock_error() const { return lock_error_; }

private:
    void* data_ = nullptr;
    size_t size_ = 0;
    bool locked_ = false;
    int lock_error_ = 0;
};

}  // namespace guichet
