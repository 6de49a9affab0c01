#include "upload/pdf_check.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "upload/pdf_dictionary.h"
#include "upload/pdf_lexer.h"

namespace guichet::upload {

namespace {

constexpr size_t kTail = 1024;  // where %%EOF and startxref must be

bool digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool has_header(const unsigned char* data, size_t size) {
    if (size < 9 || std::memcmp(data, "%PDF-", 5) != 0) return false;
    bool v1 = data[5] == '1' && data[6] == '.' && data[7] >= '0' && data[7] <= '7';
    bool v2 = data[5] == '2' && data[6] == '.' && data[7] == '0';
    return (v1 || v2) && pdf_space(data[8]);
}

// The offset of the last occurrence of word in [from, to), or `to` when none.
size_t find_last(const unsigned char* data, size_t from, size_t to, std::string_view word) {
    std::string_view range(reinterpret_cast<const char*>(data) + from, to - from);
    size_t found = range.rfind(word);
    return found == std::string_view::npos ? to : from + found;
}

// A decimal integer at *at (no sign), below limit; *at moves past it.
bool read_offset(const unsigned char* data, size_t size, size_t* at, size_t limit, size_t* value) {
    size_t start = *at, n = 0;
    while (*at < size && digit(data[*at])) {
        if (*at - start >= 19) return false;
        n = n * 10 + (data[(*at)++] - '0');
    }
    *value = n;
    return *at > start && n < limit;
}

void skip_space(const unsigned char* data, size_t size, size_t* at) {
    while (*at < size && pdf_space(data[*at])) ++(*at);
}

bool starts(const unsigned char* data, size_t size, size_t at, std::string_view word) {
    return size - at >= word.size() && std::memcmp(data + at, word.data(), word.size()) == 0;
}

// "xref" at `at`: subsections "start count" of 20-byte entries up to "trailer".
bool read_xref_table(const unsigned char* data, size_t size, size_t at, size_t* trailer) {
    at += 4;
    for (;;) {
        skip_space(data, size, &at);
        if (starts(data, size, at, "trailer")) {
            *trailer = at + 7;
            return true;
        }
        size_t first = 0, count = 0;
        if (!read_offset(data, size, &at, SIZE_MAX, &first) || at >= size || data[at] != ' ') return false;
        ++at;
        if (!read_offset(data, size, &at, SIZE_MAX, &count)) return false;
        while (at < size && (data[at] == ' ' || data[at] == '\t')) ++at;
        size_t line_end = at;  // the line ends with \r, \n or \r\n
        if (at < size && data[at] == '\r') ++at;
        if (at < size && data[at] == '\n') ++at;
        if (at == line_end) return false;
        if (count > (size - at) / 20) return false;
        for (size_t i = 0; i < count; ++i, at += 20) {
            const unsigned char* entry = data + at;
            size_t offset = 0, e = 0;
            if (!read_offset(entry, 10, &e, SIZE_MAX, &offset) || e != 10 || entry[10] != ' ') return false;
            for (int k = 11; k < 16; ++k) {
                if (!digit(entry[k])) return false;
            }
            if (entry[16] != ' ' || (entry[17] != 'n' && entry[17] != 'f')) return false;
            if (!pdf_space(entry[18]) || !pdf_space(entry[19])) return false;
            if (entry[17] == 'n' && offset >= size) return false;
        }
    }
}

// "N G obj << /Type /XRef ... >> stream" at `at`, its data inside the file.
bool read_xref_stream(const unsigned char* data, size_t size, size_t at, PdfDictionary* dictionary) {
    PdfLexer lexer(data, size, at);
    PdfToken number = lexer.next(), generation = lexer.next(), obj = lexer.next();
    if (number.kind != PdfToken::number || generation.kind != PdfToken::number || obj.kind != PdfToken::keyword ||
        obj.text != "obj" || !read_pdf_dictionary(lexer, dictionary)) {
        return false;
    }
    const PdfValue* type = dictionary->find("Type");
    const PdfValue* length = dictionary->find("Length");
    if (!type || type->kind != PdfValue::name || type->text != "XRef" || !dictionary->find("W")) return false;
    if (!length || length->kind != PdfValue::number || length->text[0] == '-') return false;
    PdfToken stream = lexer.next();
    size_t start = lexer.position();
    if (stream.kind != PdfToken::keyword || stream.text != "stream") return false;
    if (starts(data, size, start, "\r\n")) start += 2;
    else if (starts(data, size, start, "\n")) start += 1;
    else return false;
    size_t length_value = 0, l = 0;
    const unsigned char* digits = reinterpret_cast<const unsigned char*>(length->text.data());
    if (!read_offset(digits, length->text.size(), &l, size - start + 1, &length_value) || l != length->text.size()) {
        return false;
    }
    size_t end = start + length_value;
    skip_space(data, size, &end);
    return starts(data, size, end, "endstream");
}

}  // namespace

DocumentCheck check_pdf(const unsigned char* data, size_t size) {
    if (!has_header(data, size)) return damaged("no %PDF-1.x or %PDF-2.0 header");
    size_t tail = size > kTail ? size - kTail : 0;
    size_t eof = find_last(data, tail, size, "%%EOF");
    if (eof == size) return damaged("no %%EOF at the end of the PDF");
    for (size_t i = eof + 5; i < size; ++i) {
        if (!pdf_space(data[i])) return damaged("data after the PDF's %%EOF");
    }
    size_t startxref = find_last(data, tail, eof, "startxref");
    if (startxref == eof) return damaged("no startxref before %%EOF");
    size_t at = startxref + 9, offset = 0;
    skip_space(data, size, &at);
    if (!read_offset(data, size, &at, size, &offset)) return damaged("startxref offset not inside the PDF");
    skip_space(data, size, &at);
    if (at != eof) return damaged("startxref not followed by %%EOF");

    PdfDictionary trailer;
    if (starts(data, size, offset, "xref")) {
        size_t after = 0;
        if (!read_xref_table(data, size, offset, &after)) return damaged("PDF xref table invalid");
        PdfLexer lexer(data, size, after);
        if (!read_pdf_dictionary(lexer, &trailer)) return damaged("PDF trailer dictionary invalid");
    } else if (!read_xref_stream(data, size, offset, &trailer)) {
        return damaged("startxref points at no xref table or xref stream");
    }
    if (trailer.find("Encrypt")) return {Verdict::encrypted, "PDF trailer has /Encrypt"};
    const PdfValue* root = trailer.find("Root");
    if (!root || root->kind != PdfValue::reference) return damaged("PDF trailer has no /Root reference");
    return document_ok();
}

}  // namespace guichet::upload
