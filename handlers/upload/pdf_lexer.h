// The tokens of PDF's object syntax (ISO 32000-2, 7.2 and 7.3) over a byte
// range: whitespace and comments skipped, names decoded (#xx escapes, so
// /Encr#79pt is /Encrypt, as a reader sees it), literal strings with their
// escapes and balanced parentheses, hex strings, numbers, keywords. Only the
// dictionary and reference structure matters to the upload check, so string
// contents are delimited but not decoded. Each byte is read once.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace guichet::upload {

struct PdfToken {
    enum Kind { end, error, dict_open, dict_close, array_open, array_close, name, string, number, keyword };
    Kind kind = end;
    std::string text;  // a name without its slash and decoded; a number's or keyword's characters
};

class PdfLexer {
public:
    PdfLexer(const unsigned char* data, size_t size, size_t at) : data_(data), size_(size), at_(at) {}

    PdfToken next();
    // The offset just past the last token read; seek() goes back to one.
    size_t position() const { return at_; }
    void seek(size_t at) { at_ = at; }

private:
    void skip_space_and_comments();
    PdfToken literal_string();
    PdfToken hex_string();
    PdfToken name();
    PdfToken regular();

    const unsigned char* data_;
    size_t size_;
    size_t at_;
};

bool pdf_space(unsigned char c);
bool pdf_delimiter(unsigned char c);

}  // namespace guichet::upload
