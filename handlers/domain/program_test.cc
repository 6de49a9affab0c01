// The program definition and the compliance rule shared by dossier and claim.
#include <doctest/doctest.h>

#include "domain/compliance.h"
#include "domain/program.h"

using namespace guichet;

namespace {

Json object(const char* text) {
    json_error_t error;
    return Json(json_loads(text, 0, &error));
}

const char kFullDossier[] =
    "{\"family_name\":\"Tremblay\",\"given_names\":\"Marie\",\"birth_date\":\"1990-05-01\",\"citizenship\":\"FR\","
    "\"residence_country\":\"FR\",\"passport_number\":\"AB1234567\",\"passport_expiry\":\"2031-01-01\","
    "\"education_level\":\"master\",\"field_of_study\":\"Génie civil\",\"occupation\":\"Ingénieure\","
    "\"years_experience\":7,\"french_level\":\"nclc10\",\"english_level\":\"nclc7\",\"accompanying_spouse\":\"no\"}";

std::map<std::string, StoredDocument> required_documents() {
    std::map<std::string, StoredDocument> docs;
    for (const char* kind : {"passport", "birth_certificate", "diploma"}) docs[kind] = {kind, "application/pdf", 10, "ab", 0};
    return docs;
}

}  // namespace

TEST_CASE("shipped_program_definition_loads") {
    Program program = load_program("db/program.json");
    CHECK(program.field("passport_number") != nullptr);
    CHECK(program.document("passport")->required);
    CHECK(program.quota_bytes > 0);
}

TEST_CASE("program_definition_mistakes_are_reported") {
    CHECK_THROWS(parse_program("[]"));
    CHECK_THROWS(parse_program("{\"id\":\"x\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"fields\":[{\"key\":\"A B\"}],"
                               "\"documents\":[]}"));
    CHECK_THROWS(parse_program("{\"id\":\"x\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"fields\":[],"
                               "\"documents\":[{\"kind\":\"p\",\"types\":[\"text/html\"],"
                               "\"label\":{\"fr\":\"a\",\"en\":\"b\"}}]}"));
}

namespace {

std::string program_with(const std::string& extra) {
    return "{\"id\":\"x\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"fields\":[],\"documents\":[]" + extra + "}";
}

std::string refusal(const std::string& text) {
    try {
        parse_program(text);
    } catch (const std::runtime_error& error) {
        return error.what();
    }
    return "";
}

// A program with a country and a passport field, and the given identity member.
std::string with_identity(const std::string& identity, const std::string& number_rules = ",\"charset\":\"passport\"") {
    const std::string label = ",\"label\":{\"fr\":\"a\",\"en\":\"b\"}";
    return "{\"id\":\"x\",\"name\":{\"fr\":\"a\",\"en\":\"b\"},\"fields\":["
           "{\"key\":\"issuer\",\"type\":\"country\",\"required\":true" + label + "},"
           "{\"key\":\"number\",\"type\":\"text\",\"required\":true" + number_rules + label + "}],"
           "\"documents\":[]" + identity + "}";
}

}  // namespace

TEST_CASE("shipped_program_names_its_time_zone_in_both_languages") {
    Program program = load_program("db/program.json");
    CHECK(program.time_zone == "America/Montreal");
    CHECK(program.time_zone_label.fr == "heure de Montréal");
    CHECK(program.time_zone_label.en == "Montreal time");
}

TEST_CASE("a_program_without_a_time_zone_shows_utc") {
    Program program = parse_program(program_with(""));
    CHECK(program.time_zone == "UTC");
    CHECK(program.time_zone_label.en == "UTC");
}

TEST_CASE("a_time_zone_without_words_is_named_for_its_city") {
    Program program = parse_program(program_with(",\"time_zone\":\"America/Port_of_Spain\""));
    CHECK(program.time_zone == "America/Port_of_Spain");
    CHECK(program.time_zone_label.fr == "heure de Port of Spain");
    CHECK(program.time_zone_label.en == "Port of Spain time");
}

TEST_CASE("a_time_zone_that_names_no_zone_stops_the_loading_with_a_clear_message") {
    CHECK(refusal(program_with(",\"time_zone\":\"America/Montreall\"")) ==
          "program definition: program: \"time_zone\": no time zone \"America/Montreall\" "
          "(/usr/share/zoneinfo/America/Montreall cannot be read)");
    CHECK(refusal(program_with(",\"time_zone\":\"../../etc/passwd\"")).find("not a time zone name") !=
          std::string::npos);
    CHECK(refusal(program_with(",\"time_zone\":\"EST5EDT,M3.2.0,M11.1.0\"")).find("\"time_zone\"") !=
          std::string::npos);
    CHECK(refusal(program_with(",\"time_zone\":-5")).find("\"time_zone\" must be a string") != std::string::npos);
    CHECK(refusal(program_with(",\"time_zone\":\"Asia/Tokyo\",\"time_zone_label\":\"Tokyo\"")).find(
              "time_zone_label") != std::string::npos);
}

TEST_CASE("the_identity_is_declared_by_the_program_over_canonical_fields") {
    Program program = parse_program(with_identity(",\"identity\":{\"country\":\"issuer\",\"number\":\"number\"}"));
    REQUIRE(program.identity);
    CHECK(program.identity->country == "issuer");
    CHECK_FALSE(parse_program(with_identity("")).identity);
    // The fields must exist, be required, and be of the kinds whose answers have one written form.
    CHECK_THROWS(parse_program(with_identity(",\"identity\":{\"country\":\"number\",\"number\":\"number\"}")));
    CHECK_THROWS(parse_program(with_identity(",\"identity\":{\"country\":\"issuer\",\"number\":\"issuer\"}")));
    CHECK_THROWS(parse_program(with_identity(",\"identity\":{\"country\":\"issuer\",\"number\":\"nope\"}")));
    CHECK_THROWS(parse_program(with_identity(",\"identity\":{\"country\":\"issuer\",\"number\":\"number\"}", "")));
    CHECK_THROWS(parse_program(with_identity(",\"identity\":{\"country\":\"issuer\"}")));
    CHECK_THROWS(parse_program(with_identity(",\"identity\":[\"issuer\",\"number\"]")));
    CHECK_THROWS(parse_program(
        with_identity(",\"identity\":{\"country\":\"issuer\",\"number\":\"number\",\"birth\":\"issuer\"}")));
}

TEST_CASE("a_full_dossier_with_required_documents_is_compliant") {
    Program program = load_program("db/program.json");
    Json fields = object(kFullDossier);
    Compliance result = compute_compliance(program, fields.get(), required_documents(), "2026-11-29");
    CHECK(result.compliant);
    CHECK(result.problems.empty());
}

TEST_CASE("compliance_names_each_missing_field_and_document") {
    Program program = load_program("db/program.json");
    Json fields = object("{\"family_name\":\"Tremblay\"}");
    Compliance result = compute_compliance(program, fields.get(), {}, "2026-11-29");
    CHECK_FALSE(result.compliant);
    auto problems = compliance_fields(result);
    CHECK(problems.at("given_names") == "missing");
    CHECK(problems.at("document:passport") == "missing");
    CHECK(problems.count("family_name") == 0);
    CHECK(problems.count("contact_phone") == 0);
    CHECK(problems.count("document:french_test") == 0);
}

TEST_CASE("values_are_checked_by_their_declared_type") {
    Program program = load_program("db/program.json");
    auto check = [&](const char* key, const char* json_value) {
        Json value(json_loads(json_value, JSON_DECODE_ANY, nullptr));
        return validate_program_value(*program.field(key), value.get(), "2026-11-29");
    };
    CHECK(check("birth_date", "\"1990-02-30\"") == "invalid");
    CHECK(check("birth_date", "\"2030-01-01\"") == "out_of_range");
    CHECK(check("birth_date", "19900101") == "wrong_type");
    CHECK(check("citizenship", "\"XX\"") == "invalid");
    CHECK(check("citizenship", "\"CA\"").empty());
    CHECK(check("passport_number", "\"ab 123\"") == "invalid");
    CHECK(check("years_experience", "51") == "out_of_range");
    CHECK(check("years_experience", "3.5") == "wrong_type");
    CHECK(check("education_level", "\"phd\"") == "invalid");
    CHECK(check("family_name", "\"<script>\"").empty());  // stored as text, escaped where shown
}

TEST_CASE("dossier_digest_changes_with_any_field_or_document") {
    StoredDossier a;
    a.fields = object("{\"b\":1,\"a\":\"x\"}");
    a.documents["passport"] = {"passport", "application/pdf", 1, "aa", 0};
    StoredDossier b;
    b.fields = object("{\"a\":\"x\",\"b\":1}");
    b.documents["passport"] = {"passport", "application/pdf", 1, "aa", 0};
    CHECK(dossier_digest(a) == dossier_digest(b));  // canonical: key order does not matter
    b.documents["passport"].sha256 = "ab";
    CHECK(dossier_digest(a) != dossier_digest(b));
    CHECK(dossier_digest(a).size() == 64);
}
