#include "crypto/ecdsa.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>

#include <stdexcept>

#include "crypto/digest.h"

namespace guichet {

namespace {

// Two MPIs with one owner each.
struct MpiPair {
    mbedtls_mpi r, s;
    MpiPair() {
        mbedtls_mpi_init(&r);
        mbedtls_mpi_init(&s);
    }
    ~MpiPair() {
        mbedtls_mpi_free(&r);
        mbedtls_mpi_free(&s);
    }
};

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

void require_p256(mbedtls_pk_context& pk) {
    if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY || mbedtls_pk_ec(pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
        throw std::runtime_error("not a P-256 key");
    }
}

// r and s as 32 bytes each, big-endian: the 64-byte r||s form.
std::string encode_signature(const MpiPair& sig) {
    std::string out(64, '\0');
    auto raw = reinterpret_cast<unsigned char*>(out.data());
    if (mbedtls_mpi_write_binary(&sig.r, raw, 32) != 0 || mbedtls_mpi_write_binary(&sig.s, raw + 32, 32) != 0) {
        throw std::runtime_error("ecdsa encode failed");
    }
    return out;
}

}  // namespace

EcKey::EcKey() { mbedtls_pk_init(&pk_); }
EcKey::~EcKey() { mbedtls_pk_free(&pk_); }

void EcKey::load_private_pem(EcKey& key, std::string_view pem) {
    std::string text(pem);  // PEM parsing needs the terminating NUL counted
    if (mbedtls_pk_parse_key(&key.pk_, bytes(text), text.size() + 1, nullptr, 0) != 0) {
        throw std::runtime_error("cannot parse private key");
    }
    require_p256(key.pk_);
    key.has_private_ = true;
}

void EcKey::load_public_pem(EcKey& key, std::string_view pem) {
    std::string text(pem);
    if (mbedtls_pk_parse_public_key(&key.pk_, bytes(text), text.size() + 1) != 0) {
        throw std::runtime_error("cannot parse public key");
    }
    require_p256(key.pk_);
}

void EcKey::generate(EcKey& key, Random& random) {
    if (mbedtls_pk_setup(&key.pk_, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0 ||
        mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(key.pk_), Random::callback, &random) != 0) {
        throw std::runtime_error("cannot generate key");
    }
    key.has_private_ = true;
}

std::string EcKey::private_pem() const {
    unsigned char buffer[1024];
    if (mbedtls_pk_write_key_pem(const_cast<mbedtls_pk_context*>(&pk_), buffer, sizeof buffer) != 0) {
        throw std::runtime_error("cannot write private key");
    }
    return reinterpret_cast<const char*>(buffer);
}

std::string EcKey::public_pem() const {
    unsigned char buffer[1024];
    if (mbedtls_pk_write_pubkey_pem(const_cast<mbedtls_pk_context*>(&pk_), buffer, sizeof buffer) != 0) {
        throw std::runtime_error("cannot write public key");
    }
    return reinterpret_cast<const char*>(buffer);
}

std::string EcKey::sign(std::string_view message, Random& random) const {
    if (!has_private_) throw std::runtime_error("no private key");
    std::string hash = sha256(message);
    mbedtls_ecp_keypair* ec = mbedtls_pk_ec(pk_);
    MpiPair sig;
    if (mbedtls_ecdsa_sign(&ec->grp, &sig.r, &sig.s, &ec->d, bytes(hash), hash.size(), Random::callback, &random) !=
        0) {
        throw std::runtime_error("ecdsa sign failed");
    }
    return encode_signature(sig);
}

std::string EcKey::sign_deterministic(std::string_view message, Random& random) const {
    if (!has_private_) throw std::runtime_error("no private key");
    std::string hash = sha256(message);
    mbedtls_ecp_keypair* ec = mbedtls_pk_ec(pk_);
    MpiPair sig;
    if (mbedtls_ecdsa_sign_det_ext(&ec->grp, &sig.r, &sig.s, &ec->d, bytes(hash), hash.size(), MBEDTLS_MD_SHA256,
                                   Random::callback, &random) != 0) {
        throw std::runtime_error("ecdsa sign failed");
    }
    return encode_signature(sig);
}

bool EcKey::verify(std::string_view message, std::string_view signature) const {
    if (signature.size() != 64 || mbedtls_pk_get_type(&pk_) != MBEDTLS_PK_ECKEY) return false;
    std::string hash = sha256(message);
    mbedtls_ecp_keypair* ec = mbedtls_pk_ec(pk_);
    MpiPair sig;
    if (mbedtls_mpi_read_binary(&sig.r, bytes(signature), 32) != 0 ||
        mbedtls_mpi_read_binary(&sig.s, bytes(signature) + 32, 32) != 0) {
        return false;
    }
    return mbedtls_ecdsa_verify(&ec->grp, bytes(hash), hash.size(), &ec->Q, &sig.r, &sig.s) == 0;
}

}  // namespace guichet
