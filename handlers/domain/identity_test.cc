// One place per person: the keyed hash of a passport (domain/identity.h).
#include <doctest/doctest.h>

#include <stdexcept>

#include "base/api_error.h"
#include "domain/identity.h"

using namespace guichet;

namespace {

const std::string kKey(32, 'k');

Json fields(const char* text) {
    json_error_t error;
    return Json(json_loads(text, 0, &error));
}

}  // namespace

TEST_CASE("one_passport_in_different_forms_has_one_identity") {
    auto canonical = identity_hash(kKey, "FR", "AB1234567");
    REQUIRE(canonical);
    CHECK(canonical->size() == 32);
    CHECK(identity_hash(kKey, "fr", "ab 123-456.7") == canonical);
    CHECK(identity_hash(kKey, " FR ", "ab1234567") == canonical);
    CHECK(identity_hash(kKey, "FR", "\uff21\uff22\uff11\uff12\uff13\uff14\uff15\uff16\uff17") == canonical);
}

TEST_CASE("the_same_number_from_another_country_is_another_identity") {
    CHECK(identity_hash(kKey, "FR", "AB1234567") != identity_hash(kKey, "CA", "AB1234567"));
    CHECK(identity_hash(kKey, "FR", "AB1234567") != identity_hash(kKey, "FR", "AB1234568"));
    // Country and number are kept apart: "FR"+"1AB" is not "FR1"+"AB".
    CHECK(identity_hash(kKey, "FR", "1AB") != identity_hash(kKey, "FR1", "AB"));
}

TEST_CASE("the_identity_depends_on_the_key") {
    CHECK(identity_hash(kKey, "FR", "AB1234567") != identity_hash(std::string(32, 'j'), "FR", "AB1234567"));
    // Nor is it the plain SHA-256 of the text, which anyone could test a guess against.
    CHECK(identity_hash("", "FR", "AB1234567") != identity_hash(kKey, "FR", "AB1234567"));
}

TEST_CASE("a_country_or_number_that_does_not_normalise_has_no_identity") {
    CHECK_FALSE(identity_hash(kKey, "FRA", "AB1234567"));
    CHECK_FALSE(identity_hash(kKey, "F1", "AB1234567"));
    CHECK_FALSE(identity_hash(kKey, "FR", "\u0410\u04121234567"));
    CHECK_FALSE(identity_hash(kKey, "FR", ""));
    CHECK(normalise_country("ca") == "CA");
}

TEST_CASE("a_dossier_identity_follows_the_programs_declaration") {
    Program program = load_program("db/program.json");
    REQUIRE(program.identity);
    CHECK(program.identity->country == "citizenship");
    CHECK(program.identity->number == "passport_number");
    Json dossier = fields("{\"citizenship\":\"FR\",\"residence_country\":\"CA\",\"passport_number\":\"AB1234567\"}");
    CHECK(dossier_identity(program, dossier.get(), kKey) == identity_hash(kKey, "FR", "AB1234567"));
    // The country of residence is not the passport's.
    Json elsewhere = fields("{\"citizenship\":\"FR\",\"residence_country\":\"BE\",\"passport_number\":\"AB1234567\"}");
    CHECK(dossier_identity(program, elsewhere.get(), kKey) == dossier_identity(program, dossier.get(), kKey));
    program.identity.reset();
    CHECK_FALSE(dossier_identity(program, dossier.get(), kKey));
}

TEST_CASE("a_dossier_whose_passport_cannot_be_normalised_is_not_compliant") {
    Program program = load_program("db/program.json");
    Json missing = fields("{\"citizenship\":\"FR\"}");
    CHECK_THROWS_WITH_AS(dossier_identity(program, missing.get(), kKey), "not_compliant", ApiError);
    Json bad_country = fields("{\"citizenship\":7,\"passport_number\":\"AB1234567\"}");
    try {
        dossier_identity(program, bad_country.get(), kKey);
        FAIL("no refusal");
    } catch (const ApiError& refusal) {
        CHECK(refusal.fields().at("citizenship") == "invalid");
    }
}

TEST_CASE("a_dossier_identity_needs_the_key") {
    Program program = load_program("db/program.json");
    Json dossier = fields("{\"citizenship\":\"FR\",\"passport_number\":\"AB1234567\"}");
    CHECK_THROWS_AS(dossier_identity(program, dossier.get(), ""), std::invalid_argument);
}
