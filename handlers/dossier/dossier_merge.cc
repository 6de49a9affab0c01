#include "dossier/dossier_merge.h"

#include <map>

#include "base/api_error.h"
#include "base/encoding.h"
#include "base/passport_number.h"
#include "base/validate.h"
#include "http/input.h"

namespace guichet::dossier {

bool clears_value(const json_t* value) {
    return json_is_null(value) || (json_is_string(value) && json_string_length(value) == 0);
}

namespace {

// Text is trimmed; a passport number is also put in its one written form
// ("ab 123-456.7" is saved as "AB1234567", base/passport_number.h), so that
// the claim compares one form. Text the rule refuses is kept trimmed, and
// the field's validator names the problem.
std::string stored_form(const ProgramField& field, std::string_view text) {
    std::string trimmed = trim_space(text);
    if (field.charset != "passport") return trimmed;
    return normalise_passport_number(trimmed).value_or(trimmed);
}

}  // namespace

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
    }
    // Text is trimmed by the rule of declared input (base/validate.h) before it
    // is checked and stored: " Tremblay " is saved as "Tremblay".
    Json changes(json_object());
    if (fields && json_is_object(fields)) {
        json_object_foreach(fields, key, value) {
            const ProgramField* field = program.field(key);
            if (!field) {
                problems[key] = field_error::unknown_field;
                continue;
            }
            std::string_view text =
                json_is_string(value) ? std::string_view(json_string_value(value), json_string_length(value)) : "";
            Json normalised(json_is_string(value) && valid_text(text) ? json_str(stored_form(*field, text))
                                                                      : json_incref(value));
            json_object_set(changes.get(), key, normalised.get());
            if (clears_value(normalised.get())) continue;
            std::string code = validate_program_value(*field, normalised.get(), today);
            if (!code.empty()) problems[key] = code;
        }
    }
    if (!problems.empty()) throw ApiError(Err::invalid, std::move(problems));
    return changes;
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
