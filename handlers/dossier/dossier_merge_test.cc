// Saving a draft: what a PUT may contain, and how it merges into what is stored.
#include <doctest/doctest.h>

#include "base/api_error.h"
#include "base/validate.h"
#include "domain/program.h"
#include "dossier/dossier_merge.h"

using namespace guichet;
using namespace guichet::dossier;

namespace {

const Program& program() {
    static const Program loaded = load_program("db/program.json");
    return loaded;
}

std::map<std::string, std::string> problems_of(const std::string& body) {
    try {
        parse_changes(body, program(), "2026-02-16");
    } catch (const ApiError& error) {
        if (error.code() == "invalid") return error.fields();
        return {{"<error>", error.code()}};
    }
    return {};
}

Json object(const char* text) {
    json_error_t error;
    return Json(json_loads(text, 0, &error));
}

}  // namespace

TEST_CASE("partial_draft_with_valid_values_is_accepted") {
    Json changes = parse_changes("{\"fields\":{\"family_name\":\"Tremblay\",\"years_experience\":7}}", program(), "2026-02-16");
    CHECK(json_object_size(changes.get()) == 2);
}

TEST_CASE("missing_required_values_are_allowed_in_a_draft") {
    CHECK(problems_of("{\"fields\":{}}").empty());
}

TEST_CASE("values_of_the_wrong_json_type_are_refused_per_field") {
    auto problems = problems_of(
        "{\"fields\":{\"family_name\":12,\"years_experience\":\"7\",\"birth_date\":true,"
        "\"citizenship\":[\"FR\"],\"education_level\":{\"v\":1},\"given_names\":1.5}}");
    CHECK(problems["family_name"] == "wrong_type");
    CHECK(problems["years_experience"] == "wrong_type");
    CHECK(problems["birth_date"] == "wrong_type");
    CHECK(problems["citizenship"] == "wrong_type");
    CHECK(problems["education_level"] == "wrong_type");
    CHECK(problems["given_names"] == "wrong_type");
}

TEST_CASE("values_that_break_their_field_rule_are_refused") {
    auto problems = problems_of(
        "{\"fields\":{\"birth_date\":\"1990-02-30\",\"citizenship\":\"XX\",\"passport_number\":\"ab/12\","
        "\"years_experience\":-1,\"education_level\":\"wizard\",\"family_name\":\"" +
        std::string(101, 'a') + "\"}}");
    CHECK(problems["birth_date"] == "invalid");
    CHECK(problems["citizenship"] == "invalid");
    CHECK(problems["passport_number"] == "invalid");
    CHECK(problems["years_experience"] == "out_of_range");
    CHECK(problems["education_level"] == "invalid");
    CHECK(problems["family_name"] == "too_long");
}

TEST_CASE("a_birth_date_in_the_future_is_out_of_range") {
    CHECK(problems_of("{\"fields\":{\"birth_date\":\"2026-02-17\"}}")["birth_date"] == "out_of_range");
}

TEST_CASE("unknown_keys_are_refused_at_both_levels") {
    auto problems = problems_of("{\"fields\":{\"favourite_colour\":\"blue\"},\"extra\":1}");
    CHECK(problems["favourite_colour"] == "unknown_field");
    CHECK(problems["extra"] == "unknown_field");
}

TEST_CASE("fields_must_be_an_object") {
    CHECK(problems_of("{\"fields\":[]}")["fields"] == "wrong_type");
    CHECK(problems_of("{}")["fields"] == "missing");
}

TEST_CASE("a_body_that_is_not_a_json_object_is_bad_json") {
    CHECK(problems_of("[1]")["<error>"] == "bad_json");
    CHECK(problems_of("{\"fields\":{}} trailing")["<error>"] == "bad_json");
    CHECK(problems_of("{\"fields\":{\"family_name\":\"a\",\"family_name\":\"b\"}}")["<error>"] == "bad_json");
}

TEST_CASE("merge_replaces_given_values_and_keeps_the_others") {
    Json stored = object("{\"family_name\":\"Roy\",\"given_names\":\"Anne\"}");
    Json merged = merge_changes(stored.get(), object("{\"family_name\":\"Tremblay\",\"years_experience\":3}").get());
    CHECK(std::string(json_string_value(json_object_get(merged.get(), "family_name"))) == "Tremblay");
    CHECK(std::string(json_string_value(json_object_get(merged.get(), "given_names"))) == "Anne");
    CHECK(json_integer_value(json_object_get(merged.get(), "years_experience")) == 3);
    // The stored object itself is untouched (it may be shared).
    CHECK(std::string(json_string_value(json_object_get(stored.get(), "family_name"))) == "Roy");
}

TEST_CASE("merge_clears_values_given_as_null_or_empty_string") {
    Json stored = object("{\"family_name\":\"Roy\",\"given_names\":\"Anne\",\"occupation\":\"x\"}");
    Json merged = merge_changes(stored.get(), object("{\"family_name\":null,\"given_names\":\"\"}").get());
    CHECK(json_object_get(merged.get(), "family_name") == nullptr);
    CHECK(json_object_get(merged.get(), "given_names") == nullptr);
    CHECK(json_object_get(merged.get(), "occupation") != nullptr);
}

TEST_CASE("text_values_are_trimmed_by_the_rule_of_declared_input_before_they_are_checked") {
    Json changes = parse_changes(
        "{\"fields\":{\"family_name\":\"  Tremblay \",\"given_names\":\"   \",\"passport_number\":\" AB1234567 \"}}",
        program(), "2026-02-16");
    CHECK(std::string(json_string_value(json_object_get(changes.get(), "family_name"))) == "Tremblay");
    CHECK(std::string(json_string_value(json_object_get(changes.get(), "passport_number"))) == "AB1234567");
    // Only blanks: the same as clearing the value.
    CHECK(std::string(json_string_value(json_object_get(changes.get(), "given_names"))).empty());
    CHECK(trim_space(" a b\n") == "a b");
}

TEST_CASE("a_passport_number_is_saved_in_its_one_written_form") {
    for (const char* typed : {"ab 123-456.7", "AB1234567", " ab1234567 ", "AB\u00a0123\u2013456\uff0e7",
                              "\uff21\uff22\uff11\uff12\uff13\uff14\uff15\uff16\uff17"}) {
        CAPTURE(typed);
        Json changes =
            parse_changes(std::string("{\"fields\":{\"passport_number\":\"") + typed + "\"}}", program(), "2026-02-16");
        CHECK(std::string(json_string_value(json_object_get(changes.get(), "passport_number"))) == "AB1234567");
    }
}

TEST_CASE("a_passport_number_with_a_look_alike_letter_is_refused_not_mapped") {
    // Cyrillic A and B (U+0410, U+0412) look like the Latin ones.
    CHECK(problems_of("{\"fields\":{\"passport_number\":\"\u0410\u04121234567\"}}")["passport_number"] == "invalid");
    CHECK(problems_of("{\"fields\":{\"passport_number\":\"AB/1234567\"}}")["passport_number"] == "invalid");
    // Dropping the separators can make it too short.
    CHECK(problems_of("{\"fields\":{\"passport_number\":\"ab-12\"}}")["passport_number"] == "too_short");
}
