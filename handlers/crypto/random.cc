#include "crypto/random.h"

#include <stdexcept>

namespace guichet {

Random::Random() {
    mbedtls_entropy_init(&entropy_);
    mbedtls_ctr_drbg_init(&drbg_);
    static const unsigned char kPersonalisation[] = "guichet";
    if (mbedtls_ctr_drbg_seed(&drbg_, mbedtls_entropy_func, &entropy_, kPersonalisation,
                              sizeof kPersonalisation - 1) != 0) {
        mbedtls_ctr_drbg_free(&drbg_);
        mbedtls_entropy_free(&entropy_);
        throw std::runtime_error("ctr_drbg seed failed");
    }
    mbedtls_ctr_drbg_set_prediction_resistance(&drbg_, MBEDTLS_CTR_DRBG_PR_OFF);
}

Random::~Random() {
    mbedtls_ctr_drbg_free(&drbg_);
    mbedtls_entropy_free(&entropy_);
}

std::string Random::bytes(size_t count) {
    std::string out(count, '\0');
    size_t done = 0;
    while (done < count) {
        size_t chunk = std::min<size_t>(count - done, MBEDTLS_CTR_DRBG_MAX_REQUEST);
        if (mbedtls_ctr_drbg_random(&drbg_, reinterpret_cast<unsigned char*>(&out[done]), chunk) != 0) {
            throw std::runtime_error("ctr_drbg random failed");
        }
        done += chunk;
    }
    return out;
}

int Random::callback(void* self, unsigned char* out, size_t len) {
    return mbedtls_ctr_drbg_random(&static_cast<Random*>(self)->drbg_, out, len);
}

}  // namespace guichet
