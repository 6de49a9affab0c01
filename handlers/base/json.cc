#include "base/json.h"

#include <cstdlib>

#include "base/api_error.h"

namespace guichet {

namespace {

int depth_of(const json_t* value, int limit) {
    if (limit < 0) return 0;
    int deepest = 0;
    if (json_is_object(value)) {
        const char* key;
        json_t* child;
        json_object_foreach(const_cast<json_t*>(value), key, child) {
            int d = depth_of(child, limit - 1);
            if (d > deepest) deepest = d;
        }
        return deepest + 1;
    }
    if (json_is_array(value)) {
        size_t index;
        json_t* child;
        json_array_foreach(value, index, child) {
            int d = depth_of(child, limit - 1);
            if (d > deepest) deepest = d;
        }
        return deepest + 1;
    }
    return 0;
}

}  // namespace

Json json_parse_object(std::string_view text, int max_depth) {
    json_error_t error;
    Json value(json_loadb(text.data(), text.size(), JSON_REJECT_DUPLICATES, &error));
    // Only the position: the parser's text can quote the input (a password, say).
    if (!value) throw ApiError(Err::bad_json, "at byte " + std::to_string(error.position));
    if (!json_is_object(value.get())) throw ApiError(Err::bad_json, "not an object");
    if (depth_of(value.get(), max_depth + 1) > max_depth) throw ApiError(Err::bad_json, "nested too deeply");
    return value;
}

std::string json_dump(const json_t* value) {
    char* text = json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    if (!text) throw std::bad_alloc();
    std::string out(text);
    std::free(text);
    return out;
}

json_t* json_str(std::string_view text) {
    json_t* value = json_stringn(text.data(), text.size());
    if (!value) value = json_string("");
    return value;
}

}  // namespace guichet
