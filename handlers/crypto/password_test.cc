// Password storage: format, vectors, the hashes both former writers left in
// databases, the parser's limits, malformed rows, the rehash decision.
#include <doctest/doctest.h>

#include "base/encoding.h"
#include "crypto/password.h"

#include <argon2.h>

using namespace guichet;

TEST_CASE("password_hash_has_the_stored_format_with_cost_salt_and_hash") {
    Random random;
    std::string stored = hash_password("une phrase de passe", 1000, random);
    CHECK(stored.rfind("pbkdf2-sha256$1000$", 0) == 0);
    auto parts = parse_password_hash(stored);
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
    CHECK(stored == "pbkdf2-sha256$2$MDEyMzQ1Njc4OWFiY2RlZg==$q9GRiSl9bVO1XFa5l2IcU1i+NxnegO8vvXjuftbiaHQ=");
    CHECK(verify_password("correct horse 42", stored));
    CHECK_FALSE(verify_password("correct horse 43", stored));
}

TEST_CASE("a_candidate_hash_from_before_the_merge_verifies_and_needs_no_rehash") {
    // As accounts/password_hash.cc wrote it (16-byte salt, 32-byte hash).
    std::string stored = "pbkdf2-sha256$2$MDEyMzQ1Njc4OWFiY2RlZg==$q9GRiSl9bVO1XFa5l2IcU1i+NxnegO8vvXjuftbiaHQ=";
    CHECK(verify_password("correct horse 42", stored));
    CHECK_FALSE(needs_rehash(stored, 2));
}

TEST_CASE("an_admin_hash_from_before_the_merge_verifies") {
    // As domain/admin_accounts.cc's hash_admin_password wrote it, here at 1000
    // iterations (Python: pbkdf2_hmac("sha256", password, bytes(range(16)), 1000, 32)).
    std::string stored = "pbkdf2-sha256$1000$AAECAwQFBgcICQoLDA0ODw==$j37JdlxVLahyn3ecN6VqEjMQJQH3Ophg62yFu3z2ckQ=";
    CHECK(verify_password("a long admin passphrase", stored));
    CHECK_FALSE(verify_password("a long admin passphrasE", stored));
    CHECK(needs_rehash(stored, 2000));
    CHECK_FALSE(needs_rehash(stored, 1000));
}

TEST_CASE("a_hand_made_hash_with_an_8_byte_salt_verifies_and_is_rehashed") {
    // The former admin parser took any salt size; 8 bytes is the least RFC 8018 allows.
    std::string stored = "pbkdf2-sha256$3$c2FsdHNhbHQ=$/DQ1ixQE50xFFySfHxOoyYLZwZbRsCuXYr3rRmVUgTA=";
    CHECK(verify_password("mot de passe été", stored));
    CHECK(needs_rehash(stored, 3));
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

TEST_CASE("password_iterations_limits_are_one_to_ten_million") {
    std::string tail = "$" + base64_encode(std::string(16, 's')) + "$" + base64_encode(std::string(32, 'h'));
    CHECK(parse_password_hash("pbkdf2-sha256$1" + tail));
    CHECK(parse_password_hash("pbkdf2-sha256$10000000" + tail));
    CHECK(parse_password_hash("pbkdf2-sha256$0000000000001000" + tail));  // leading zeros read as the number
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$10000001" + tail));
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$999999999" + tail));  // the former admin bound
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$4294967297" + tail));  // 2^32 + 1 must not wrap to 1
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$0" + tail));
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$" + tail));
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$+5" + tail));
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$ 5" + tail));
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$1e3" + tail));
}

TEST_CASE("password_salt_is_8_to_64_bytes_and_hash_exactly_32") {
    auto with = [](size_t salt, size_t hash) {
        return "pbkdf2-sha256$1000$" + base64_encode(std::string(salt, 's')) + "$" + base64_encode(std::string(hash, 'h'));
    };
    CHECK(parse_password_hash(with(8, 32)));
    CHECK(parse_password_hash(with(64, 32)));
    CHECK_FALSE(parse_password_hash(with(7, 32)));
    CHECK_FALSE(parse_password_hash(with(0, 32)));
    CHECK_FALSE(parse_password_hash(with(65, 32)));
    CHECK_FALSE(parse_password_hash(with(16, 31)));  // a truncated hash would be a prefix of the real one
    CHECK_FALSE(parse_password_hash(with(16, 1)));   // the former admin parser: one guess in 256
    CHECK_FALSE(parse_password_hash(with(16, 33)));
    CHECK_FALSE(parse_password_hash(with(16, 0)));
}

TEST_CASE("password_parser_survives_hostile_strings") {
    // Fuzz-like: every prefix, every single-byte change and odd bytes; none may
    // crash or throw, and only the intact string parses.
    Random random;
    std::string good = hash_password("abcdefghijkl", 1000, random);
    for (size_t n = 0; n < good.size(); ++n) CHECK_FALSE(verify_password("abcdefghijkl", good.substr(0, n)));
    const char odd[] = {'\0', '$', '=', '-', '_', '\xff', '\n', ' ', '9'};
    for (size_t i = 0; i < good.size(); ++i) {
        for (char c : odd) {
            std::string changed = good;
            if (changed[i] == c) continue;
            changed[i] = c;
            CHECK_NOTHROW((void)parse_password_hash(changed));
            CHECK_NOTHROW((void)needs_rehash(changed, 1000));
        }
    }
    CHECK_FALSE(parse_password_hash(std::string(100000, '$')));
    CHECK_FALSE(parse_password_hash("pbkdf2-sha256$1000$" + std::string(100000, 'A') + "$AAAA"));
    CHECK_FALSE(parse_password_hash(std::string("pbkdf2-sha256\0$1000$AAAA$AAAA", 29)));
    CHECK(parse_password_hash(good));
}

TEST_CASE("rehash_is_needed_only_when_the_stored_cost_is_lower") {
    Random random;
    std::string stored = hash_password("abcdefghijkl", 1000, random);
    CHECK(needs_rehash(stored, 2000));
    CHECK_FALSE(needs_rehash(stored, 1000));
    CHECK_FALSE(needs_rehash(stored, 500));
    CHECK(needs_rehash("garbage", 1000));
}

TEST_CASE("the_dummy_hash_is_well_formed_at_the_cost_and_matches_nothing") {
    Random random;
    std::string dummy = dummy_password_hash(1000, random);
    auto parts = parse_password_hash(dummy);
    REQUIRE(parts);
    CHECK(parts->iterations == 1000);
    CHECK_FALSE(verify_password("", dummy));
    CHECK_FALSE(verify_password("abcdefghijkl", dummy));
}

TEST_CASE("argon2id_hash_has_its_stored_form_and_verifies_only_the_same_password") {
    Random random;
    PasswordCost cost;  // argon2id, m = 19 MiB, t = 2: the default
    std::string stored = hash_password("Grenouille-42 été", cost, random);
    CHECK(stored.rfind("argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    auto parts = parse_password_hash(stored);
    REQUIRE(parts);
    CHECK(parts->scheme == PasswordScheme::argon2id);
    CHECK(parts->salt.size() == 16);
    CHECK(parts->hash.size() == 32);
    CHECK(verify_password("Grenouille-42 été", stored));
    CHECK_FALSE(verify_password("grenouille-42 été", stored));
    CHECK_FALSE(needs_rehash(stored, cost));
}

TEST_CASE("argon2id_matches_the_reference_implementation_encoding") {
    // libargon2's own encoder on the same parameters gives the same hash bytes.
    std::string salt(16, 'Z');
    PasswordHash parts;
    parts.scheme = PasswordScheme::argon2id;
    parts.memory_kib = 64;
    parts.passes = 1;
    parts.salt = salt;
    char encoded[256];
    REQUIRE(argon2id_hash_encoded(1, 64, 1, "pw", 2, salt.data(), salt.size(), 32, encoded, sizeof encoded) == ARGON2_OK);
    unsigned char raw[32];
    REQUIRE(argon2id_hash_raw(1, 64, 1, "pw", 2, salt.data(), salt.size(), raw, sizeof raw) == ARGON2_OK);
    parts.hash.assign(reinterpret_cast<const char*>(raw), sizeof raw);
    CHECK(verify_password("pw", format_password_hash(parts)));
    CHECK(argon2id_verify(encoded, "pw", 2) == ARGON2_OK);
}

TEST_CASE("argon2id_rows_past_the_limits_are_malformed") {
    std::string tail = "$WlpaWlpaWlpaWlpaWlpaWg==$" + base64_encode(std::string(32, 'h'));
    CHECK(parse_password_hash("argon2id$v=19$m=19456,t=2,p=1" + tail));
    CHECK_FALSE(parse_password_hash("argon2id$v=19$m=4194304,t=2,p=1" + tail));  // 4 GiB for one login
    CHECK_FALSE(parse_password_hash("argon2id$v=19$m=19456,t=11,p=1" + tail));
    CHECK_FALSE(parse_password_hash("argon2id$v=19$m=19456,t=2,p=4" + tail));
    CHECK_FALSE(parse_password_hash("argon2id$v=16$m=19456,t=2,p=1" + tail));
    CHECK_FALSE(parse_password_hash("argon2id$v=19$m=7,t=2,p=1" + tail));
    CHECK_FALSE(parse_password_hash("argon2id$v=19$m=19456,t=0,p=1" + tail));
    CHECK_FALSE(parse_password_hash("argon2id$v=19$m=19456,t=2,p=1" + tail + "$x"));
    CHECK_FALSE(verify_password("anything", "argon2id$v=19$m=4194304,t=2,p=1" + tail));
}

TEST_CASE("a_pbkdf2_hash_is_rehashed_into_argon2id_and_a_cheaper_argon2id_too") {
    Random random;
    PasswordCost argon;
    CHECK(needs_rehash(hash_password("x long password", 100000, random), argon));
    PasswordCost cheaper = argon;
    cheaper.memory_kib = 1024;
    CHECK(needs_rehash(hash_password("x long password", cheaper, random), argon));
    PasswordCost pbkdf2;
    pbkdf2.scheme = PasswordScheme::pbkdf2_sha256;
    pbkdf2.iterations = 1000;
    CHECK(needs_rehash(hash_password("x long password", cheaper, random), pbkdf2));  // and back, if ever chosen
    CHECK_FALSE(needs_rehash(hash_password("x long password", 1000, random), pbkdf2));
}

TEST_CASE("the_argon2id_dummy_hash_costs_a_hash_and_matches_nothing") {
    Random random;
    std::string dummy = dummy_password_hash(PasswordCost{}, random);
    CHECK(dummy.rfind("argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
    CHECK_FALSE(verify_password("", dummy));
    CHECK_FALSE(verify_password("anything at all", dummy));
}
