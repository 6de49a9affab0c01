// The validators of declared input: a field's type and limits, and the check
// of one JSON value against them. http/input.h applies them to a whole body;
// the program definition (domain/program.h) applies them to dossier fields.
#pragma once

#include <jansson.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace guichet {

enum class FieldType {
    text,      // well-formed UTF-8, no control characters, trimmed, length in code points
    email,     // an address: trimmed, lowercased, a plausible local@domain
    password,  // any UTF-8 (no NUL), not trimmed, length in code points
    integer,   // a JSON integer within [min, max]
    boolean,   // true or false
    lang,      // "fr" or "en"
    time,      // RFC 3339 text
};

struct FieldSpec {
    const char* key;
    FieldType type;
    bool required = true;
    int64_t min = 0;        // text: minimum length; integer: minimum value
    int64_t max = 200;      // text: maximum length; integer: maximum value
};

// Field error codes, shared by every handler and understood by the site.
namespace field_error {
inline constexpr const char* missing = "missing";
inline constexpr const char* wrong_type = "wrong_type";
inline constexpr const char* too_short = "too_short";
inline constexpr const char* too_long = "too_long";
inline constexpr const char* invalid = "invalid";
inline constexpr const char* out_of_range = "out_of_range";
inline constexpr const char* unknown_field = "unknown_field";
}  // namespace field_error

// Validates one value against one spec; "" when valid, else a field_error code.
// On success *normalised receives the stored form (trimmed, lowercased email).
std::string validate_value(const json_t* value, const FieldSpec& spec, std::string* normalised, int64_t* number);

// Whether an email address (already trimmed and lowercased) is plausible.
bool plausible_email(std::string_view email);

}  // namespace guichet
