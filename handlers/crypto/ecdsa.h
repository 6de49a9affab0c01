// ECDSA P-256 / SHA-256 for receipts. Signatures are the 64-byte r‖s form
// (what WebCrypto and JWS ES256 use), not DER.
#pragma once

#include <mbedtls/pk.h>

#include <string>
#include <string_view>

#include "crypto/random.h"

namespace guichet {

class EcKey {
public:
    EcKey();
    ~EcKey();
    EcKey(const EcKey&) = delete;
    EcKey& operator=(const EcKey&) = delete;

    // Throws std::runtime_error when the PEM is not a P-256 key of the right kind.
    static void load_private_pem(EcKey& key, std::string_view pem);
    static void load_public_pem(EcKey& key, std::string_view pem);
    static void generate(EcKey& key, Random& random);

    std::string private_pem() const;
    std::string public_pem() const;  // SubjectPublicKeyInfo
    // 64 bytes r‖s over SHA-256(message). Needs the private key.
    std::string sign(std::string_view message, Random& random) const;
    // Deterministic ECDSA (RFC 6979): the signature is a pure function of the
    // key and the message, so it can be computed again at any time and gives
    // the same bytes. `random` only blinds the computation (side channels).
    std::string sign_deterministic(std::string_view message, Random& random) const;
    bool verify(std::string_view message, std::string_view signature) const;

private:
    friend class NoncePool;  // presign.h: copies the private scalar once
    mbedtls_pk_context pk_;
    bool has_private_ = false;
};

}  // namespace guichet
