// The CSPRNG: mbedTLS CTR_DRBG seeded from the system entropy source.
// One per process; reseeded after fork (every worker builds its own).
#pragma once

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>

#include <string>

namespace guichet {

class Random {
public:
    Random();
    ~Random();
    Random(const Random&) = delete;
    Random& operator=(const Random&) = delete;

    std::string bytes(size_t count);
    // For mbedTLS functions that take (f_rng, p_rng).
    static int callback(void* self, unsigned char* out, size_t len);

private:
    mbedtls_entropy_context entropy_;
    mbedtls_ctr_drbg_context drbg_;
};

}  // namespace guichet
