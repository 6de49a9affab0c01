// The PDF structure check: the fixtures pass; junk behind a %PDF- header,
// broken cross-references and encrypted documents are refused for their reason.
#include "upload/pdf_check.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/fixtures/document_bytes.h"

using namespace guichet;
using namespace guichet::upload;

namespace {

DocumentCheck check(const std::string& bytes) {
    return check_pdf(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string why(const std::string& bytes) { return check(bytes).why; }

std::string valid() { return test::fixture_document("valid.pdf"); }

std::string replaced(std::string pdf, const std::string& from, const std::string& to) {
    size_t at = pdf.rfind(from);
    REQUIRE(at != std::string::npos);
    return pdf.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("pdf_fixture_with_an_xref_table_passes") { CHECK(check(valid()).ok()); }

TEST_CASE("pdf_fixture_with_an_xref_stream_passes") { CHECK(check(test::fixture_document("valid-xref-stream.pdf")).ok()); }

TEST_CASE("pdf_printed_by_chromium_passes") { CHECK(check(test::fixture_document("chromium.pdf")).ok()); }

TEST_CASE("pdf_of_an_exact_size_from_the_test_helper_passes_at_every_size_the_tests_use") {
    for (size_t size : {size_t{500}, size_t{999}, size_t{1000}, size_t{1001}, size_t{1500}, size_t{5000},
                        size_t{200000}, size_t{5242880}}) {
        CAPTURE(size);
        std::string pdf = test::valid_pdf(size, 'q');
        CHECK(pdf.size() == size);
        CHECK(check(pdf).ok());
    }
}

TEST_CASE("pdf_header_followed_by_junk_is_damaged") {
    CHECK(check("%PDF-1.4\n" + std::string(4000, 'a')).verdict == Verdict::damaged);
    CHECK(why("%PDF-1.4\n" + std::string(4000, 'a')) == "no %%EOF at the end of the PDF");
}

TEST_CASE("pdf_junk_ending_in_eof_without_startxref_is_damaged") {
    CHECK(why("%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n") == "no startxref before %%EOF");
}

TEST_CASE("pdf_truncated_anywhere_before_the_end_of_its_eof_marker_is_damaged") {
    std::string pdf = valid();
    size_t whole = pdf.rfind("%%EOF") + 5;  // the line end after it is optional
    for (size_t n = 0; n < whole; ++n) {
        CAPTURE(n);
        CHECK(check(pdf.substr(0, n)).verdict == Verdict::damaged);
    }
}

TEST_CASE("pdf_header_must_be_at_byte_zero_and_of_a_known_version") {
    CHECK(why(" " + valid()) == "no %PDF-1.x or %PDF-2.0 header");
    CHECK(why(replaced(valid(), "%PDF-1.4", "%PDF-3.0")) == "no %PDF-1.x or %PDF-2.0 header");
    CHECK(check(replaced(valid(), "%PDF-1.4", "%PDF-2.0")).ok());
}

TEST_CASE("pdf_startxref_pointing_at_an_object_that_is_not_a_cross_reference_is_damaged") {
    CHECK(why(replaced(valid(), "startxref\n413", "startxref\n15")) == "startxref points at no xref table or xref stream");
}

TEST_CASE("pdf_startxref_past_the_end_is_damaged") {
    CHECK(why(replaced(valid(), "startxref\n413", "startxref\n99999")) == "startxref offset not inside the PDF");
}

TEST_CASE("pdf_xref_entry_past_the_end_is_damaged") {
    CHECK(why(replaced(valid(), "0000000343 00000 n", "0009999999 00000 n")) == "PDF xref table invalid");
}

TEST_CASE("pdf_xref_count_larger_than_its_entries_is_damaged") {
    CHECK(why(replaced(valid(), "xref\n0 6", "xref\n0 7")) == "PDF xref table invalid");
}

TEST_CASE("pdf_trailer_without_root_is_damaged") {
    CHECK(why(replaced(valid(), "/Root 1 0 R", "/Info 1 0 R")) == "PDF trailer has no /Root reference");
}

TEST_CASE("pdf_trailer_with_encrypt_is_encrypted") {
    DocumentCheck result = check(test::fixture_document("encrypted.pdf"));
    CHECK(result.verdict == Verdict::encrypted);
}

TEST_CASE("pdf_encrypt_spelt_with_a_name_escape_is_still_encrypted") {
    CHECK(check(replaced(valid(), "/Size 6", "/Encr#79pt 5 0 R")).verdict == Verdict::encrypted);
}

TEST_CASE("pdf_xref_stream_with_encrypt_is_encrypted") {
    std::string pdf = test::fixture_document("valid-xref-stream.pdf");
    CHECK(check(replaced(pdf, "/W [1 2 1]", "/W [1 2 1] /Encrypt 5 0 R")).verdict == Verdict::encrypted);
}

TEST_CASE("pdf_xref_stream_without_type_xref_is_damaged") {
    std::string pdf = test::fixture_document("valid-xref-stream.pdf");
    CHECK(why(replaced(pdf, "/Type /XRef", "/Type /XObj")) == "startxref points at no xref table or xref stream");
}

TEST_CASE("pdf_xref_stream_longer_than_the_file_is_damaged") {
    std::string pdf = test::fixture_document("valid-xref-stream.pdf");
    CHECK(why(replaced(pdf, "/Length 28", "/Length 9000")) == "startxref points at no xref table or xref stream");
}

TEST_CASE("pdf_with_data_after_eof_is_damaged_and_whitespace_after_it_passes") {
    CHECK(why(valid() + "<script>alert(1)</script>") == "data after the PDF's %%EOF");
    CHECK(check(valid() + "\r\n\n").ok());
}

TEST_CASE("pdf_trailer_dictionary_left_open_is_damaged") {
    CHECK(why(replaced(valid(), "/Root 1 0 R >>", "/Root 1 0 R <<")) == "PDF trailer dictionary invalid");
}

TEST_CASE("pdf_trailer_nested_past_the_depth_limit_is_damaged_not_a_crash") {
    std::string deep = std::string(5000, '[') + std::string(5000, ']');
    CHECK(why(replaced(valid(), "/Size 6", "/Deep " + deep)) == "PDF trailer dictionary invalid");
}
