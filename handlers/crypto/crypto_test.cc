// Known-answer tests for the mbedTLS wrappers, and receipt signatures.
#include <doctest/doctest.h>

#include "crypto/digest.h"
#include "crypto/ecdsa.h"
#include "base/encoding.h"
#include "crypto/random.h"

using namespace guichet;

TEST_CASE("sha256_matches_the_fips_vector") {
    CHECK(hex_encode(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("hmac_sha256_matches_rfc4231_case_2") {
    CHECK(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("hmac_sha1_matches_rfc2202_case_2") {
    CHECK(hex_encode(hmac_sha1("Jefe", "what do ya want for nothing?")) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

TEST_CASE("pbkdf2_sha256_matches_the_published_vector") {
    // RFC 7914 section 11 (PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64), first 32 bytes.
    CHECK(hex_encode(pbkdf2_sha256("passwd", "salt", 1, 32)) ==
          "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
}

TEST_CASE("random_bytes_differ_between_calls") {
    Random random;
    std::string a = random.bytes(32), b = random.bytes(32);
    CHECK(a.size() == 32);
    CHECK(a != b);
}

TEST_CASE("constant_time_comparison") {
    CHECK(equal_constant_time("abc", "abc"));
    CHECK_FALSE(equal_constant_time("abc", "abd"));
    CHECK_FALSE(equal_constant_time("abc", "ab"));
}

TEST_CASE("ecdsa_signature_verifies_and_fails_when_one_byte_changes") {
    Random random;
    EcKey key;
    EcKey::generate(key, random);
    EcKey published;
    EcKey::load_public_pem(published, key.public_pem());
    std::string receipt = "{\"rank\":1}";
    std::string signature = key.sign(receipt, random);
    CHECK(signature.size() == 64);
    CHECK(published.verify(receipt, signature));
    CHECK_FALSE(published.verify("{\"rank\":2}", signature));
    std::string tampered = signature;
    tampered[10] = static_cast<char>(tampered[10] ^ 1);
    CHECK_FALSE(published.verify(receipt, tampered));
    CHECK_FALSE(published.verify(receipt, signature.substr(0, 63)));
}

TEST_CASE("private_key_round_trips_through_pem") {
    Random random;
    EcKey key;
    EcKey::generate(key, random);
    EcKey loaded;
    EcKey::load_private_pem(loaded, key.private_pem());
    CHECK(key.verify("m", loaded.sign("m", random)));
    EcKey wrong;
    CHECK_THROWS(EcKey::load_private_pem(wrong, "not a key"));
}

// RFC 6979 appendix A.2.5: P-256, SHA-256, message "sample". The key is given
// as a SEC1 DER (version 1, the private scalar, the curve's OID) in PEM.
TEST_CASE("deterministic_ecdsa_matches_the_rfc6979_vector") {
    std::string der = *hex_decode(
        "30310201010420C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"
        "a00a06082a8648ce3d030107");
    std::string pem = "-----BEGIN EC PRIVATE KEY-----\n" + base64_encode(der) + "\n-----END EC PRIVATE KEY-----\n";
    EcKey key;
    EcKey::load_private_pem(key, pem);
    Random random;
    std::string signature = key.sign_deterministic("sample", random);
    CHECK(hex_encode(signature) ==
          "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
          "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
    CHECK(key.verify("sample", signature));
}

TEST_CASE("deterministic_signature_is_the_same_bytes_every_time") {
    Random random;
    EcKey key;
    EcKey::generate(key, random);
    std::string receipt = "{\"rank\":7}";
    std::string first = key.sign_deterministic(receipt, random);
    CHECK(key.sign_deterministic(receipt, random) == first);
    CHECK(key.sign_deterministic("{\"rank\":8}", random) != first);
    EcKey published;
    EcKey::load_public_pem(published, key.public_pem());
    CHECK(published.verify(receipt, first));
}
