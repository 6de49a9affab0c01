// A passport number's one written form (base/passport_number.h).
#include <doctest/doctest.h>

#include "base/passport_number.h"

using namespace guichet;

TEST_CASE("passport_numbers_written_in_different_forms_are_one_number") {
    for (const char* typed :
         {"AB1234567", "ab 123-456.7", "ab1234567", "Ab 12 34 56 7", "AB-123.456-7", "\tAB 1234567 "}) {
        CAPTURE(typed);
        CHECK(normalise_passport_number(typed) == "AB1234567");
    }
}

TEST_CASE("full_width_letters_and_digits_are_read_as_ascii") {
    // "ＡＢ１２３４５６７" and "ａｂ１２３－４５６．７" (full-width hyphen and full stop).
    CHECK(normalise_passport_number("\uff21\uff22\uff11\uff12\uff13\uff14\uff15\uff16\uff17") == "AB1234567");
    CHECK(normalise_passport_number("\uff41\uff42\uff11\uff12\uff13\uff0d\uff14\uff15\uff16\uff0e\uff17") ==
          "AB1234567");
}

TEST_CASE("unicode_spaces_dashes_and_invisible_joiners_are_dropped") {
    CHECK(normalise_passport_number("AB\u00a0123\u2009456\u3000" "7") == "AB1234567");
    CHECK(normalise_passport_number("AB\u2013123\u2014456\u22127") == "AB1234567");
    CHECK(normalise_passport_number("\ufeffAB\u200b1234567\u200d") == "AB1234567");
    CHECK(normalise_passport_number("AB\u00ad1234567") == "AB1234567");  // a soft hyphen from a paste
}

TEST_CASE("look_alike_letters_of_other_scripts_are_refused_not_mapped") {
    CHECK_FALSE(normalise_passport_number("\u0410\u04121234567"));  // Cyrillic A, Ve
    CHECK_FALSE(normalise_passport_number("AB123456\u039f"));       // Greek Omicron for O
    CHECK_FALSE(normalise_passport_number("AB\u0661\u0662\u0663"));  // Arabic-Indic digits
    CHECK_FALSE(normalise_passport_number("AB12345\U0001d7d5"));      // mathematical bold 7
    CHECK_FALSE(normalise_passport_number("\u00c9B1234567"));        // accented letter
}

TEST_CASE("punctuation_controls_and_broken_utf8_refuse_the_whole_number") {
    for (const char* typed : {"AB/1234567", "AB<<1234567", "AB_1234567", "AB\n1234567", "AB\x01" "1"}) {
        CAPTURE(typed);
        CHECK_FALSE(normalise_passport_number(typed));
    }
    CHECK_FALSE(normalise_passport_number(std::string("AB\0" "12", 5)));
    CHECK_FALSE(normalise_passport_number("AB\xff" "12"));
    CHECK_FALSE(normalise_passport_number("AB\xc0\xb1"));          // overlong '1'
    CHECK_FALSE(normalise_passport_number("AB\xed\xa0\x80"));      // a surrogate
    CHECK_FALSE(normalise_passport_number("AB\xef\xbc"));          // truncated full-width letter
}

TEST_CASE("nothing_but_separators_is_no_number") {
    CHECK_FALSE(normalise_passport_number(""));
    CHECK_FALSE(normalise_passport_number(" - . "));
}

TEST_CASE("the_normalised_form_is_its_own_normal_form") {
    for (const char* typed : {"ab 123-456.7", "\uff41\uff42\uff11", "x1"}) {
        auto once = normalise_passport_number(typed);
        REQUIRE(once);
        CHECK(normalise_passport_number(*once) == once);
    }
}
