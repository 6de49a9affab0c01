// jansson ownership: Json owns exactly one reference. Wrap only new references.
#pragma once

#include <jansson.h>

#include <memory>
#include <string>
#include <string_view>

namespace guichet {

struct JsonDecref {
    void operator()(json_t* value) const { json_decref(value); }
};
using Json = std::unique_ptr<json_t, JsonDecref>;

// Parses a JSON object from untrusted bytes: rejects duplicate keys, NUL in
// strings, trailing garbage, nesting deeper than max_depth and anything that
// is not an object. Throws ApiError(Err::bad_json).
Json json_parse_object(std::string_view text, int max_depth = 8);

// Serialises compactly with sorted keys (stable output for signing and tests).
std::string json_dump(const json_t* value);

// Convenience for building: json_string that never returns NULL for bad UTF-8
// (invalid sequences were already rejected at input; this is a defence).
// A new reference, raw because it is made to be stolen by a `_new` setter;
// every other function returning a new value returns a Json.
json_t* json_str(std::string_view text);

}  // namespace guichet
