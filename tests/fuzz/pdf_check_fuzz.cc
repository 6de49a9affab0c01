// Fuzzes the PDF structure check and its dictionary parser: any bytes give a
// verdict without reading outside them (nesting depth bounded), the same
// verdict twice, a reason exactly when refused, and nothing passes without
// the %PDF- header at byte 0.
#include <cstdint>
#include <cstring>

#include "upload/pdf_check.h"
#include "upload/pdf_dictionary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet::upload;
    DocumentCheck first = check_pdf(data, size), second = check_pdf(data, size);
    if (first.verdict != second.verdict) __builtin_trap();
    if (first.ok() != (*first.why == '\0')) __builtin_trap();
    if (first.ok() && (size < 5 || std::memcmp(data, "%PDF-", 5) != 0)) __builtin_trap();
    // The dictionary parser alone, from byte 0: it must end inside the input.
    PdfLexer lexer(data, size, 0);
    PdfDictionary dictionary;
    read_pdf_dictionary(lexer, &dictionary);
    if (lexer.position() > size) __builtin_trap();
    return 0;
}
