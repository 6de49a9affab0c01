// Input declared up front. A handler lists the JSON fields it accepts and how
// each is validated; parse_input rejects anything else with the contract's
// 400 (not a JSON object) or 422 (field by field, with a code per field).
// Business code only ever reads values from a validated Input.
#pragma once

#include <jansson.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"

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

class Input {
public:
    bool has(const std::string& key) const { return values_.count(key) != 0; }
    // The validated text of a text/email/password/lang/time field ("" if absent).
    std::string text(const std::string& key) const;
    int64_t integer(const std::string& key) const;  // 0 if absent
    bool boolean(const std::string& key) const;     // false if absent
    // Milliseconds since the epoch, for a time field (0 if absent).
    int64_t time_ms(const std::string& key) const { return integer(key + "#ms"); }

private:
    friend Input parse_input(std::string_view, const std::vector<FieldSpec>&);
    std::map<std::string, std::string> values_;
    std::map<std::string, int64_t> numbers_;
};

// Parses and validates a request body. Throws ApiError("bad_json") or
// ApiError("invalid", fields).
Input parse_input(std::string_view body, const std::vector<FieldSpec>& specs);

// Validates one value against one spec; "" when valid, else a field_error code.
// On success *normalised receives the stored form (trimmed, lowercased email).
std::string validate_value(const json_t* value, const FieldSpec& spec, std::string* normalised, int64_t* number);

// Whether an email address (already trimmed and lowercased) is plausible.
bool plausible_email(std::string_view email);

}  // namespace guichet
