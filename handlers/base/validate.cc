#include "base/validate.h"

#include <cctype>

#include "base/clock.h"
#include "base/encoding.h"

namespace guichet {

namespace {

std::string check_length(std::string_view text, const FieldSpec& spec) {
    size_t length = utf8_length(text);
    if (static_cast<int64_t>(length) < spec.min) return text.empty() ? field_error::missing : field_error::too_short;
    if (static_cast<int64_t>(length) > spec.max) return field_error::too_long;
    return "";
}

}  // namespace

std::string trim_space(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

bool plausible_email(std::string_view email) {
    if (email.size() < 3 || email.size() > 254) return false;
    size_t at = email.find('@');
    if (at == std::string_view::npos || at == 0 || at > 64 || email.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    std::string_view domain = email.substr(at + 1);
    if (domain.size() < 3 || domain.find('.') == std::string_view::npos || domain.front() == '.' ||
        domain.back() == '.' || domain.find("..") != std::string_view::npos) {
        return false;
    }
    for (unsigned char c : email) {
        if (c <= ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '<' ||
            c == '>' || c == '[' || c == ']' || c == '\\' || c == 0x7f) {
            return false;
        }
    }
    return valid_text(email);
}

std::string validate_value(const json_t* value, const FieldSpec& spec, std::string* normalised, int64_t* number) {
    switch (spec.type) {
        case FieldType::text:
        case FieldType::email:
        case FieldType::password:
        case FieldType::lang:
        case FieldType::time: {
            if (!json_is_string(value)) return field_error::wrong_type;
            std::string_view raw(json_string_value(value), json_string_length(value));
            if (spec.type == FieldType::password) {
                // Any printable text (spaces included, kept as typed); no NUL, no controls.
                if (!valid_text(raw, true)) return field_error::invalid;
                std::string problem = check_length(raw, spec);
                if (!problem.empty()) return problem;
                *normalised = std::string(raw);
                return "";
            }
            if (!valid_text(raw)) return field_error::invalid;
            std::string text = trim_space(raw);
            if (spec.type == FieldType::email) {
                for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                if (text.empty()) return field_error::missing;
                if (!plausible_email(text)) return field_error::invalid;
            }
            if (spec.type == FieldType::lang && text != "fr" && text != "en") return field_error::invalid;
            if (spec.type == FieldType::time) {
                auto ms = parse_time(text);
                if (!ms) return field_error::invalid;
                *number = *ms;
            }
            if (spec.type == FieldType::text || spec.type == FieldType::email) {
                std::string problem = check_length(text, spec);
                if (!problem.empty()) return problem;
            }
            *normalised = std::move(text);
            return "";
        }
        case FieldType::integer: {
            if (!json_is_integer(value)) return field_error::wrong_type;
            json_int_t n = json_integer_value(value);
            if (n < spec.min || n > spec.max) return field_error::out_of_range;
            *number = n;
            return "";
        }
        case FieldType::boolean:
            if (!json_is_boolean(value)) return field_error::wrong_type;
            *number = json_is_true(value) ? 1 : 0;
            return "";
    }
    return field_error::invalid;
}

}  // namespace guichet
