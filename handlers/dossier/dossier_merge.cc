#include "dossier/dossier_merge.h"

#include <map>

#include "base/api_error.h"
#include "http/input.h"

namespace guichet::dossier {

bool clears_value(const json_t* value) {
    return json_is_null(value) || (json_is_string(value) && json_string_length(value) == 0);
}

Json parse_changes(std::string_view body, const Program& program, const std::string& today) {
    Json root = json_parse_object(body, 4);
    std::map<std::string, std::string> problems;
    const char* key;
    json_t* value;
    json_object_foreach(root.get(), key, value) {
        if (std::string(key) != "fields") problems[key] = field_error::unknown_field;
    }
    json_t* fields = json_object_get(root.get(), "fields");
    if (!fields) {
        problems["fields"] = field_error::missing;
    } else if (!json_is_object(fields)) {
        problems["fields"] = field_error::wrong_type;
    } else {
        json_object_foreach(fields, key, value) {
            const ProgramField* field = program.field(key);
            if (!field) {
                problems[key] = field_error::unknown_field;
                continue;
            }
            if (clears_value(value)) continue;
            std::string code = validate_program_value(*field, value, today);
            if (!code.empty()) problems[key] = code;
        }
    }
    if (!problems.empty()) throw ApiError("invalid", std::move(problems));
    return Json(json_incref(fields));
}

Json merge_changes(const json_t* stored, const json_t* changes) {
    Json merged(json_is_object(stored) ? json_copy(const_cast<json_t*>(stored)) : json_object());
    const char* key;
    json_t* value;
    json_object_foreach(const_cast<json_t*>(changes), key, value) {
        if (clears_value(value)) {
            json_object_del(merged.get(), key);
        } else {
            json_object_set(merged.get(), key, value);
        }
    }
    return merged;
}

}  // namespace guichet::dossier
