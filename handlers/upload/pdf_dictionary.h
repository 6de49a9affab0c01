// A PDF dictionary read from the lexer, top level kept: each key with a
// summary of its value (kind, a scalar's text, whether it is an indirect
// reference "N G R"). Nested dictionaries and arrays are parsed, to find
// where the dictionary ends, to a bounded depth, and not kept.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upload/pdf_lexer.h"

namespace guichet::upload {

// Deeper nesting than this is refused: no honest file needs it, and it bounds
// the parser's recursion whatever the input.
inline constexpr int kMaxPdfDepth = 32;
// More top-level keys than this are refused too: a trailer has about ten, and
// keeping millions of tiny entries would cost far more memory than the file.
inline constexpr size_t kMaxPdfEntries = 1024;

struct PdfValue {
    enum Kind { name, string, number, keyword, reference, array, dictionary };
    Kind kind = keyword;
    std::string text;  // a name, number or keyword; the object number of a reference
};

struct PdfDictionary {
    std::vector<std::pair<std::string, PdfValue>> entries;

    // The last value given for key (as readers do), or null.
    const PdfValue* find(std::string_view key) const;
};

// Reads a dictionary whose "<<" is the lexer's next token, leaving the lexer
// just past its ">>". False when the bytes are not one well-formed dictionary.
bool read_pdf_dictionary(PdfLexer& lexer, PdfDictionary* out);

}  // namespace guichet::upload
