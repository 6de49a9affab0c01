#include "http/input.h"

#include "base/api_error.h"
#include "base/clock.h"
#include "base/encoding.h"

namespace guichet {

Input parse_input(std::string_view body, const std::vector<FieldSpec>& specs) {
    Json object = json_parse_object(body);
    Input input;
    std::map<std::string, std::string> problems;
    for (const FieldSpec& spec : specs) {
        json_t* value = json_object_get(object.get(), spec.key);
        if (!value || json_is_null(value)) {
            if (spec.required) problems[spec.key] = field_error::missing;
            continue;
        }
        std::string normalised;
        int64_t number = 0;
        std::string problem = validate_value(value, spec, &normalised, &number);
        if (!problem.empty()) {
            problems[spec.key] = problem;
            continue;
        }
        input.values_[spec.key] = normalised;
        if (spec.type == FieldType::time) input.numbers_[std::string(spec.key) + "#ms"] = number;
        else input.numbers_[spec.key] = number;
    }
    const char* key;
    json_t* value;
    json_object_foreach(object.get(), key, value) {
        bool declared = false;
        for (const FieldSpec& spec : specs) declared = declared || std::string_view(key) == spec.key;
        if (!declared) {
            // A key is echoed back only when it is short, printable text.
            std::string name(key);
            if (name.size() <= 64 && valid_text(name)) problems[name] = field_error::unknown_field;
            else problems["_"] = field_error::unknown_field;
        }
    }
    if (!problems.empty()) throw ApiError("invalid", std::move(problems));
    return input;
}

std::string Input::text(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? "" : it->second;
}

int64_t Input::integer(const std::string& key) const {
    auto it = numbers_.find(key);
    return it == numbers_.end() ? 0 : it->second;
}

bool Input::boolean(const std::string& key) const { return integer(key) != 0; }

}  // namespace guichet
