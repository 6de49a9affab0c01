// Which passwords an account may have, and the shipped common-password list.
#include <doctest/doctest.h>

#include "accounts/password_policy.h"
#include "base/encoding.h"
#include "base/files.h"

using namespace guichet::accounts;
using guichet::field_error::same_as_email;
using guichet::field_error::too_common;

TEST_CASE("common_password_list_parses_lines_and_skips_comments") {
    CommonPasswords list = CommonPasswords::parse("# comment\n\nqwertyuiop\r\nMotDePasse1\n");
    CHECK(list.size() == 2);
    CHECK(list.contains("qwertyuiop"));
    CHECK(list.contains("QwertyUiop"));
    CHECK(list.contains("motdepasse1"));
    CHECK_FALSE(list.contains("# comment"));
    CHECK_FALSE(list.contains(""));
}

TEST_CASE("shipped_common_password_list_is_long_and_refuses_the_classics") {
    CommonPasswords list = CommonPasswords::load("db/common-passwords.txt");
    CHECK(list.size() >= 500);
    for (const char* common : {"1234567890", "qwertyuiop", "azertyuiop", "password123", "Password123!",
                               "motdepasse123", "iloveyou12", "1q2w3e4r5t", "0000000000"}) {
        CHECK_MESSAGE(list.contains(common), common);
    }
    CHECK_FALSE(list.contains("violet tramway sous la pluie"));
}

TEST_CASE("shipped_common_password_list_holds_only_passwords_long_enough_to_be_accepted") {
    // A shorter entry could never be chosen (the length rule refuses it first): it would be dead weight.
    auto text = guichet::read_file("db/common-passwords.txt");
    REQUIRE(text);
    size_t start = 0, short_entries = 0;
    while (start < text->size()) {
        size_t end = text->find('\n', start);
        if (end == std::string::npos) end = text->size();
        std::string line = text->substr(start, end - start);
        if (!line.empty() && line[0] != '#' && guichet::utf8_length(line) < kPasswordMinLength) ++short_entries;
        start = end + 1;
    }
    CHECK(short_entries == 0);
}

TEST_CASE("password_equal_to_the_email_is_refused_whatever_its_case") {
    CommonPasswords none;
    CHECK(password_problem("alice@example.org", "alice@example.org", none) == same_as_email);
    CHECK(password_problem("Alice@Example.ORG", "alice@example.org", none) == same_as_email);
    CHECK(password_problem("alice@example.org!", "alice@example.org", none) == "");
}

TEST_CASE("common_password_is_refused_and_a_good_one_accepted") {
    CommonPasswords list = CommonPasswords::parse("qwertyuiop\n");
    CHECK(password_problem("QWERTYUIOP", "a@b.cd", list) == too_common);
    CHECK(password_problem("pâte à crêpes du dimanche", "a@b.cd", list) == "");
}
