// Password storage: format, verification, rehash decision.
#include <doctest/doctest.h>

#include "accounts/password_hash.h"
#include "base/encoding.h"

using namespace guichet;
using namespace guichet::accounts;

TEST_CASE("password_hash_has_the_stored_format_with_cost_salt_and_hash") {
    Random random;
    std::string stored = hash_password("une phrase de passe", 1000, random);
    CHECK(stored.rfind("pbkdf2-sha256$1000$", 0) == 0);
    auto parts = parse_hash(stored);
    REQUIRE(parts);
    CHECK(parts->iterations == 1000);
    CHECK(parts->salt.size() == 16);
    CHECK(parts->hash.size() == 32);
    CHECK(stored.find("une phrase") == std::string::npos);
}

TEST_CASE("password_hash_uses_a_fresh_salt_each_time") {
    Random random;
    CHECK(hash_password("same password", 1000, random) != hash_password("same password", 1000, random));
}

TEST_CASE("password_verifies_only_the_same_password") {
    Random random;
    std::string stored = hash_password("Grenouille-42 été", 1000, random);
    CHECK(verify_password("Grenouille-42 été", stored));
    CHECK_FALSE(verify_password("grenouille-42 été", stored));
    CHECK_FALSE(verify_password("Grenouille-42 ete", stored));
    CHECK_FALSE(verify_password("", stored));
}

TEST_CASE("a_hash_written_by_another_tool_in_the_stored_format_verifies") {
    // Python: hashlib.pbkdf2_hmac("sha256", b"correct horse 42", b"0123456789abcdef", 2, 32)
    std::string stored = "pbkdf2-sha256$2$" + base64_encode("0123456789abcdef") + "$" +
                         base64_encode(*hex_decode("abd19189297d6d53b55c56b997621c5358be3719de80ef2fbd78ee7ed6e26874"));
    CHECK(verify_password("correct horse 42", stored));
    CHECK_FALSE(verify_password("correct horse 43", stored));
}

TEST_CASE("malformed_stored_hashes_never_verify") {
    Random random;
    std::string good = hash_password("abcdefghijkl", 1000, random);
    CHECK_FALSE(verify_password("abcdefghijkl", ""));
    CHECK_FALSE(verify_password("abcdefghijkl", "abcdefghijkl"));
    CHECK_FALSE(verify_password("abcdefghijkl", "bcrypt" + good.substr(13)));
    CHECK_FALSE(verify_password("abcdefghijkl", "pbkdf2-sha256$0" + good.substr(18)));
    CHECK_FALSE(verify_password("abcdefghijkl", "pbkdf2-sha256$99999999999$AAAA$AAAA"));
    CHECK_FALSE(verify_password("abcdefghijkl", "pbkdf2-sha256$-5$AAAA$AAAA"));
    CHECK_FALSE(verify_password("abcdefghijkl", good + "$extra"));
    CHECK_FALSE(verify_password("abcdefghijkl", good.substr(0, good.size() - 4)));
}

TEST_CASE("rehash_is_needed_only_when_the_stored_cost_is_lower") {
    Random random;
    std::string stored = hash_password("abcdefghijkl", 1000, random);
    CHECK(needs_rehash(stored, 2000));
    CHECK_FALSE(needs_rehash(stored, 1000));
    CHECK_FALSE(needs_rehash(stored, 500));
    CHECK(needs_rehash("garbage", 1000));
}
