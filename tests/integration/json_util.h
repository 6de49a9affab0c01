// Reading JSON answers in tests.
#pragma once

#include <jansson.h>

#include <string>

#include "base/json.h"

namespace guichet::test {

// Parses any JSON text; a null Json when it is not JSON.
inline Json parse_json(const std::string& text) {
    json_error_t error;
    return Json(json_loadb(text.data(), text.size(), JSON_DECODE_ANY, &error));
}
inline std::string json_text(const Json& object, const char* key) {
    const char* value = json_string_value(json_object_get(object.get(), key));
    return value ? value : "";
}
inline long long json_int(const Json& object, const char* key) {
    return json_integer_value(json_object_get(object.get(), key));
}
// Whether a body is the contract's error shape with this code.
inline bool is_error(const std::string& body, const std::string& code) {
    Json object = parse_json(body);
    return object && json_is_object(object.get()) && json_text(object, "error") == code &&
           !json_text(object, "message").empty();
}

}  // namespace guichet::test
