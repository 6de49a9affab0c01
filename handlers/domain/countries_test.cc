// The country list, generated from iso-codes: every assigned alpha-2 code, nothing else.
#include <doctest/doctest.h>

#include "domain/program.h"

using guichet::valid_country;

TEST_CASE("valid_country_accepts_assigned_alpha_2_codes_from_first_to_last") {
    for (const char* code : {"AD", "CA", "FR", "GB", "SN", "ZW"}) {
        CAPTURE(code);
        CHECK(valid_country(code));
    }
}

TEST_CASE("valid_country_refuses_unassigned_lower_case_and_alpha_3_codes") {
    for (const char* code : {"", "ZZ", "UK", "fr", "Fr", "FRA", "F"}) {
        CAPTURE(code);
        CHECK_FALSE(valid_country(code));
    }
}
