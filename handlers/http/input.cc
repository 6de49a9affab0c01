#include "http/input.h"

#include <stdexcept>

#include "base/api_error.h"
#include "base/clock.h"
#include "base/encoding.h"

namespace guichet {

Input parse_input(std::string_view body, const std::vector<FieldSpec>& specs) {
    Json object = json_parse_object(body);
    Input input;
    std::map<std::string, std::string> problems;
    for (const FieldSpec& spec : specs) {
        input.declared_[spec.key] = spec.type;
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
        input.numbers_[spec.key] = number;
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
    if (!problems.empty()) throw ApiError(Err::invalid, std::move(problems));
    return input;
}

namespace {

bool textual(FieldType type) {
    return type == FieldType::text || type == FieldType::email || type == FieldType::password ||
           type == FieldType::lang || type == FieldType::time;
}
bool integral(FieldType type) { return type == FieldType::integer; }
bool boolean_type(FieldType type) { return type == FieldType::boolean; }
bool time_type(FieldType type) { return type == FieldType::time; }

}  // namespace

void Input::require(const std::string& key, bool (*accepts)(FieldType)) const {
    auto it = declared_.find(key);
    if (it == declared_.end()) throw std::logic_error("input: field \"" + key + "\" is not declared");
    if (!accepts(it->second)) throw std::logic_error("input: field \"" + key + "\" is read as another type");
}

std::string Input::text(const std::string& key) const {
    require(key, textual);
    auto it = values_.find(key);
    return it == values_.end() ? "" : it->second;
}

int64_t Input::integer(const std::string& key) const {
    require(key, integral);
    auto it = numbers_.find(key);
    return it == numbers_.end() ? 0 : it->second;
}

bool Input::boolean(const std::string& key) const {
    require(key, boolean_type);
    auto it = numbers_.find(key);
    return it != numbers_.end() && it->second != 0;
}

int64_t Input::time_ms(const std::string& key) const {
    require(key, time_type);
    auto it = numbers_.find(key);
    return it == numbers_.end() ? 0 : it->second;
}

}  // namespace guichet
