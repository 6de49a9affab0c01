#include "crypto/digest.h"

#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <mbedtls/sha256.h>

#include <memory>
#include <stdexcept>

namespace guichet {

namespace {

struct MdFree {
    void operator()(mbedtls_md_context_t* ctx) const {
        mbedtls_md_free(ctx);
        delete ctx;
    }
};
using MdContext = std::unique_ptr<mbedtls_md_context_t, MdFree>;

MdContext md_context(mbedtls_md_type_t type, bool hmac) {
    MdContext ctx(new mbedtls_md_context_t);
    mbedtls_md_init(ctx.get());
    if (mbedtls_md_setup(ctx.get(), mbedtls_md_info_from_type(type), hmac ? 1 : 0) != 0) {
        throw std::runtime_error("md_setup failed");
    }
    return ctx;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string hmac(mbedtls_md_type_t type, std::string_view key, std::string_view data) {
    const mbedtls_md_info_t* info = mbedtls_md_info_from_type(type);
    std::string out(mbedtls_md_get_size(info), '\0');
    if (mbedtls_md_hmac(info, bytes(key), key.size(), bytes(data), data.size(),
                        reinterpret_cast<unsigned char*>(out.data())) != 0) {
        throw std::runtime_error("hmac failed");
    }
    return out;
}

}  // namespace

std::string sha256(std::string_view data) {
    std::string out(32, '\0');
    if (mbedtls_sha256_ret(bytes(data), data.size(), reinterpret_cast<unsigned char*>(out.data()), 0) != 0) {
        throw std::runtime_error("sha256 failed");
    }
    return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) { return hmac(MBEDTLS_MD_SHA256, key, data); }

std::string hmac_sha1(std::string_view key, std::string_view data) { return hmac(MBEDTLS_MD_SHA1, key, data); }

std::string pbkdf2_sha256(std::string_view password, std::string_view salt, uint32_t iterations, size_t length) {
    MdContext ctx = md_context(MBEDTLS_MD_SHA256, true);
    std::string out(length, '\0');
    if (mbedtls_pkcs5_pbkdf2_hmac(ctx.get(), bytes(password), password.size(), bytes(salt), salt.size(), iterations,
                                  static_cast<uint32_t>(length), reinterpret_cast<unsigned char*>(out.data())) != 0) {
        throw std::runtime_error("pbkdf2 failed");
    }
    return out;
}

bool equal_constant_time(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace guichet
