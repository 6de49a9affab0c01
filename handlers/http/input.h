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

#include "base/json.h"
#include "base/validate.h"

namespace guichet {

class Input {
public:
    bool has(const std::string& key) const { return values_.count(key) != 0; }
    // The validated text of a text/email/password/lang/time field ("" if absent).
    std::string text(const std::string& key) const;
    int64_t integer(const std::string& key) const;  // 0 if absent
    bool boolean(const std::string& key) const;     // false if absent
    // Milliseconds since the epoch, for a time field (0 if absent).
    int64_t time_ms(const std::string& key) const;
    // Reading a key that the specs did not declare, or reading it as another
    // type (integer() of a text field), is a bug in the handler, not in the
    // request: it throws std::logic_error (logged, answered 500 internal),
    // so a misspelt input.text("emial") fails the first test that reaches it
    // instead of reading as an empty value.

private:
    friend Input parse_input(std::string_view, const std::vector<FieldSpec>&);
    void require(const std::string& key, bool (*accepts)(FieldType)) const;
    std::map<std::string, FieldType> declared_;
    std::map<std::string, std::string> values_;
    std::map<std::string, int64_t> numbers_;
};

// Parses and validates a request body. Throws ApiError(Err::bad_json) or
// ApiError(Err::invalid, fields).
Input parse_input(std::string_view body, const std::vector<FieldSpec>& specs);

}  // namespace guichet
