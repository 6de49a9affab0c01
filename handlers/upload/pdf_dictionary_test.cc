// PDF dictionary tokens: strings, hex strings, names, nesting and the depth
// bound, as the trailer check reads them.
#include "upload/pdf_dictionary.h"

#include <doctest/doctest.h>

#include <string>

using namespace guichet::upload;

namespace {

// The top-level entries of the dictionary at the start of text, or false.
bool read(const std::string& text, PdfDictionary* out, size_t* end = nullptr) {
    PdfLexer lexer(reinterpret_cast<const unsigned char*>(text.data()), text.size(), 0);
    bool ok = read_pdf_dictionary(lexer, out);
    if (end) *end = lexer.position();
    return ok;
}

std::string nested(int depth) { return "<< /A " + std::string(depth, '[') + std::string(depth, ']') + " >>"; }

}  // namespace

TEST_CASE("pdf_dictionary_keeps_top_level_keys_and_tells_references_from_numbers") {
    PdfDictionary d;
    REQUIRE(read("<< /Root 1 0 R /Size 6 /Type /XRef /Flag true >>", &d));
    REQUIRE(d.find("Root"));
    CHECK(d.find("Root")->kind == PdfValue::reference);
    CHECK(d.find("Size")->kind == PdfValue::number);
    CHECK(d.find("Type")->text == "XRef");
    CHECK(d.find("Flag")->kind == PdfValue::keyword);
    CHECK(d.find("Missing") == nullptr);
}

TEST_CASE("pdf_dictionary_string_with_escaped_and_nested_parentheses_does_not_end_early") {
    PdfDictionary d;
    REQUIRE(read("<< /Title (a \\) b (c (d)) >> e) /Root 3 0 R >>", &d));
    CHECK(d.entries.size() == 2);
    CHECK(d.find("Root")->kind == PdfValue::reference);
}

TEST_CASE("pdf_dictionary_hex_strings_and_nested_values_are_skipped_whole") {
    PdfDictionary d;
    REQUIRE(read("<< /ID [<0aB1> <FF 00>] /Info << /Inner << /X [1 [2 (3)]] >> >> /Root 1 0 R >>", &d));
    CHECK(d.entries.size() == 3);
    CHECK(d.find("ID")->kind == PdfValue::array);
    CHECK(d.find("Info")->kind == PdfValue::dictionary);
    CHECK(d.find("Inner") == nullptr);  // not a top-level key
}

TEST_CASE("pdf_dictionary_names_are_decoded") {
    PdfDictionary d;
    REQUIRE(read("<< /Encr#79pt 5 0 R >>", &d));
    CHECK(d.find("Encrypt"));
}

TEST_CASE("pdf_dictionary_comments_are_whitespace") {
    PdfDictionary d;
    REQUIRE(read("<< /Root % a comment >> here\n 1 0 R >>", &d));
    CHECK(d.find("Root")->kind == PdfValue::reference);
}

TEST_CASE("pdf_dictionary_ends_just_past_its_closing_brackets") {
    PdfDictionary d;
    size_t end = 0;
    REQUIRE(read("<< /A 1 >>\nstream", &d, &end));
    CHECK(end == 10);
}

TEST_CASE("pdf_dictionary_malformed_is_refused") {
    PdfDictionary d;
    for (const char* bad : {"", "<<", "<< /A", "<< /A (open >>", "<< /A <12x4> >>", "<< 1 2 >>", "<< /A ) >>",
                            "<< /A #>>", "<< /A /B# >>", "<< /A obj >>", "<< /A [1 2 >>", "[ ]", "<< /A > >>"}) {
        CAPTURE(bad);
        CHECK_FALSE(read(bad, &d));
    }
}

TEST_CASE("pdf_dictionary_nesting_to_the_limit_passes_and_one_deeper_is_refused") {
    PdfDictionary d;
    CHECK(read(nested(kMaxPdfDepth - 1), &d));
    CHECK_FALSE(read(nested(kMaxPdfDepth), &d));
}

TEST_CASE("pdf_dictionary_with_more_top_level_keys_than_the_limit_is_refused") {
    std::string entries;
    for (size_t i = 0; i < kMaxPdfEntries; ++i) entries += "/K 1 ";
    PdfDictionary d;
    CHECK(read("<< " + entries + ">>", &d));
    CHECK(d.entries.size() == kMaxPdfEntries);
    CHECK_FALSE(read("<< " + entries + "/One 1 >>", &d));
}

TEST_CASE("pdf_dictionary_nested_references_are_skipped_without_being_kept") {
    PdfDictionary d;
    REQUIRE(read("<< /Kids [1 0 R 2 0 R] /Root 1 0 R >>", &d));
    CHECK(d.find("Kids")->kind == PdfValue::array);
    CHECK(d.find("Root")->kind == PdfValue::reference);
    CHECK_FALSE(read("<< /Root R >>", &d));  // a bare R is not a value at the top level
}
