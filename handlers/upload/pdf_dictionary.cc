#include "upload/pdf_dictionary.h"

namespace guichet::upload {

namespace {

// `kept`: a top-level value, whose kind matters (a reference is looked ahead
// for); below the top level only the nesting does, and "R" is just a token.
bool read_value(PdfLexer& lexer, PdfToken first, int depth, bool kept, PdfValue* out);

// The entries of a dictionary after its "<<"; out is null below the top level.
bool read_entries(PdfLexer& lexer, int depth, PdfDictionary* out) {
    if (depth > kMaxPdfDepth) return false;
    for (;;) {
        PdfToken key = lexer.next();
        if (key.kind == PdfToken::dict_close) return true;
        if (key.kind != PdfToken::name) return false;
        PdfValue value;
        if (!read_value(lexer, lexer.next(), depth, out != nullptr, &value)) return false;
        if (!out) continue;
        if (out->entries.size() == kMaxPdfEntries) return false;
        out->entries.emplace_back(std::move(key.text), std::move(value));
    }
}

bool read_array(PdfLexer& lexer, int depth) {
    if (depth > kMaxPdfDepth) return false;
    for (;;) {
        PdfToken item = lexer.next();
        if (item.kind == PdfToken::array_close) return true;
        PdfValue ignored;
        if (!read_value(lexer, std::move(item), depth, false, &ignored)) return false;
    }
}

// "N G R" after a number N: a reference; otherwise the lexer is put back.
bool read_reference(PdfLexer& lexer) {
    size_t after_number = lexer.position();
    PdfToken generation = lexer.next();
    if (generation.kind == PdfToken::number) {
        PdfToken r = lexer.next();
        if (r.kind == PdfToken::keyword && r.text == "R") return true;
    }
    lexer.seek(after_number);
    return false;
}

bool read_value(PdfLexer& lexer, PdfToken first, int depth, bool kept, PdfValue* out) {
    switch (first.kind) {
        case PdfToken::dict_open: out->kind = PdfValue::dictionary; return read_entries(lexer, depth + 1, nullptr);
        case PdfToken::array_open: out->kind = PdfValue::array; return read_array(lexer, depth + 1);
        case PdfToken::name: out->kind = PdfValue::name; break;
        case PdfToken::string: out->kind = PdfValue::string; break;
        case PdfToken::number:
            out->kind = kept && read_reference(lexer) ? PdfValue::reference : PdfValue::number;
            break;
        case PdfToken::keyword:
            // Only these keywords are values ("R" too, nested: the end of a
            // reference not looked ahead for); "obj", "stream" are not.
            if (first.text != "true" && first.text != "false" && first.text != "null" && (kept || first.text != "R")) {
                return false;
            }
            out->kind = PdfValue::keyword;
            break;
        default: return false;
    }
    out->text = std::move(first.text);
    return true;
}

}  // namespace

const PdfValue* PdfDictionary::find(std::string_view key) const {
    const PdfValue* found = nullptr;
    for (const auto& entry : entries) {
        if (entry.first == key) found = &entry.second;
    }
    return found;
}

bool read_pdf_dictionary(PdfLexer& lexer, PdfDictionary* out) {
    return lexer.next().kind == PdfToken::dict_open && read_entries(lexer, 1, out);
}

}  // namespace guichet::upload
