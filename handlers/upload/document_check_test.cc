// The one entry point: each sniffed type goes to its own check, any other
// type is refused, and the refusals carry their field codes.
#include "upload/document_check.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/fixtures/document_bytes.h"

using namespace guichet;
using namespace guichet::upload;

namespace {

DocumentCheck check(const std::string& type, const std::string& bytes) {
    return check_document(type, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

TEST_CASE("check_document_passes_each_valid_fixture_under_its_own_type") {
    CHECK(check("image/png", test::fixture_document("valid.png")).ok());
    CHECK(check("image/jpeg", test::fixture_document("valid.jpg")).ok());
    CHECK(check("application/pdf", test::fixture_document("valid.pdf")).ok());
}

TEST_CASE("check_document_refuses_a_valid_file_under_another_type") {
    CHECK(check("application/pdf", test::fixture_document("valid.png")).verdict == Verdict::damaged);
    CHECK(check("image/png", test::fixture_document("valid.jpg")).verdict == Verdict::damaged);
}

TEST_CASE("check_document_refuses_a_type_it_has_no_check_for") {
    CHECK(check("image/gif", "GIF89a").verdict == Verdict::damaged);
    CHECK(check("", "").verdict == Verdict::damaged);
}

TEST_CASE("check_document_of_nothing_is_damaged_for_every_type") {
    for (const char* type : {"image/png", "image/jpeg", "application/pdf"}) {
        CHECK(check_document(type, nullptr, 0).verdict == Verdict::damaged);
    }
}

TEST_CASE("verdicts_have_the_field_codes_of_the_contract") {
    CHECK(std::string(verdict_code(Verdict::damaged)) == "damaged");
    CHECK(std::string(verdict_code(Verdict::encrypted)) == "encrypted");
    CHECK(std::string(verdict_code(Verdict::ok)).empty());
}
