#include "upload/pdf_lexer.h"

#include <utility>

namespace guichet::upload {

namespace {

int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

PdfToken token(PdfToken::Kind kind, std::string text = "") { return PdfToken{kind, std::move(text)}; }

}  // namespace

bool pdf_space(unsigned char c) { return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

bool pdf_delimiter(unsigned char c) {
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' ||
           c == '%';
}

void PdfLexer::skip_space_and_comments() {
    while (at_ < size_) {
        if (pdf_space(data_[at_])) {
            ++at_;
        } else if (data_[at_] == '%') {
            while (at_ < size_ && data_[at_] != '\n' && data_[at_] != '\r') ++at_;
        } else {
            return;
        }
    }
}

PdfToken PdfLexer::next() {
    skip_space_and_comments();
    if (at_ >= size_) return token(PdfToken::end);
    unsigned char c = data_[at_];
    bool pair = at_ + 1 < size_ && data_[at_ + 1] == c;
    switch (c) {
        case '<':
            if (pair) {
                at_ += 2;
                return token(PdfToken::dict_open);
            }
            return hex_string();
        case '>':
            if (!pair) return token(PdfToken::error);
            at_ += 2;
            return token(PdfToken::dict_close);
        case '[': ++at_; return token(PdfToken::array_open);
        case ']': ++at_; return token(PdfToken::array_close);
        case '(': return literal_string();
        case '/': return name();
        case ')': case '{': case '}': return token(PdfToken::error);
        default: return regular();
    }
}

// From "(": nested parentheses balance, a backslash escapes the next byte.
PdfToken PdfLexer::literal_string() {
    size_t depth = 0;
    while (at_ < size_) {
        unsigned char c = data_[at_++];
        if (c == '\\') {
            if (at_ < size_) ++at_;
        } else if (c == '(') {
            ++depth;
        } else if (c == ')' && --depth == 0) {
            return token(PdfToken::string);
        }
    }
    return token(PdfToken::error);
}

// From "<": hex digits and whitespace up to ">".
PdfToken PdfLexer::hex_string() {
    ++at_;
    while (at_ < size_) {
        unsigned char c = data_[at_++];
        if (c == '>') return token(PdfToken::string);
        if (hex_value(c) < 0 && !pdf_space(c)) return token(PdfToken::error);
    }
    return token(PdfToken::error);
}

PdfToken PdfLexer::name() {
    ++at_;
    std::string text;
    while (at_ < size_ && !pdf_space(data_[at_]) && !pdf_delimiter(data_[at_])) {
        unsigned char c = data_[at_++];
        if (c == '#') {
            if (size_ - at_ < 2 || hex_value(data_[at_]) < 0 || hex_value(data_[at_ + 1]) < 0) {
                return token(PdfToken::error);
            }
            c = static_cast<unsigned char>(hex_value(data_[at_]) * 16 + hex_value(data_[at_ + 1]));
            at_ += 2;
        }
        text.push_back(static_cast<char>(c));
    }
    return token(PdfToken::name, std::move(text));
}

// A run of regular characters: a number when it looks like one, else a keyword.
PdfToken PdfLexer::regular() {
    size_t start = at_;
    while (at_ < size_ && !pdf_space(data_[at_]) && !pdf_delimiter(data_[at_])) ++at_;
    std::string text(reinterpret_cast<const char*>(data_ + start), at_ - start);
    size_t digits = 0, dots = 0, i = (text[0] == '+' || text[0] == '-') ? 1 : 0;
    for (; i < text.size(); ++i) {
        if (text[i] >= '0' && text[i] <= '9') ++digits;
        else if (text[i] == '.') ++dots;
        else return token(PdfToken::keyword, std::move(text));
    }
    return token(digits > 0 && dots <= 1 ? PdfToken::number : PdfToken::keyword, std::move(text));
}

}  // namespace guichet::upload
