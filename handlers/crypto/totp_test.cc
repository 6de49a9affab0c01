// TOTP against the RFC 6238 appendix B vectors (SHA-1 secret "12345678901234567890").
#include <doctest/doctest.h>

#include "base/encoding.h"
#include "crypto/totp.h"

using namespace guichet;

namespace {
const std::string kSecret = "12345678901234567890";
}

TEST_CASE("totp_matches_rfc6238_sha1_vectors_with_eight_digits") {
    CHECK(totp_code(kSecret, 59, 8) == "94287082");
    CHECK(totp_code(kSecret, 1111111109, 8) == "07081804");
    CHECK(totp_code(kSecret, 1111111111, 8) == "14050471");
    CHECK(totp_code(kSecret, 1234567890, 8) == "89005924");
    CHECK(totp_code(kSecret, 2000000000, 8) == "69279037");
    CHECK(totp_code(kSecret, 20000000000, 8) == "65353130");
}

TEST_CASE("totp_six_digit_codes_are_the_last_six_of_the_rfc_values") {
    CHECK(totp_code(kSecret, 59) == "287082");
    CHECK(totp_code(kSecret, 1111111109) == "081804");
}

TEST_CASE("totp_accepts_one_step_either_side_and_names_the_step") {
    int64_t now = 1111111111;
    int64_t step = totp_step(now);
    CHECK(totp_match(kSecret, totp_code(kSecret, now), now) == step);
    CHECK(totp_match(kSecret, totp_code(kSecret, now - 30), now) == step - 1);
    CHECK(totp_match(kSecret, totp_code(kSecret, now + 30), now) == step + 1);
    CHECK_FALSE(totp_match(kSecret, totp_code(kSecret, now - 60), now));
    CHECK_FALSE(totp_match(kSecret, totp_code(kSecret, now + 60), now));
}

TEST_CASE("totp_rejects_malformed_codes") {
    int64_t now = 1111111111;
    CHECK_FALSE(totp_match(kSecret, "", now));
    CHECK_FALSE(totp_match(kSecret, "12345", now));
    CHECK_FALSE(totp_match(kSecret, "1234567", now));
    CHECK_FALSE(totp_match(kSecret, "08180a", now));
    CHECK_FALSE(totp_match(kSecret, std::string("0818\0" "4", 6), now));
}

TEST_CASE("totp_uri_carries_the_base32_secret") {
    std::string uri = totp_uri("ops chief", kSecret);
    CHECK(uri.rfind("otpauth://totp/Guichet:ops%20chief?secret=", 0) == 0);
    CHECK(uri.find("secret=" + base32_encode(kSecret) + "&") != std::string::npos);
    CHECK(base32_encode(kSecret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}
