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

// Field error codes (base/field_codes.def), shared by every handler and
// understood by the site: field_error::missing is "missing".
namespace field_error {
#define GUICHET_FIELD_CODE(code, fr, en) inline constexpr const char* code = #code;
#include "base/field_codes.def"
#undef GUICHET_FIELD_CODE
}  // namespace field_error

// Validates one value against one spec; "" when valid, else a field_error code.
// On success *normalised receives the stored form (trimmed, lowercased email).
std::string validate_value(const json_t* value, const FieldSpec& spec, std::string* normalised, int64_t* number);

// The one trimming rule of text input: spaces, tabs, CR and LF at either end
// are dropped (inner ones are kept). Declared input (http/input.h) and
// dossier fields (domain/program.h) both apply it before validating.
std::string trim_space(std::string_view s);

// Whether an email address (already trimmed and lowercased) is plausible.
bool plausible_email(std::string_view email);

}  // namespace guichet
