#include "domain/program.h"

#include <stdexcept>

#include "base/clock.h"
#include "base/encoding.h"
#include "base/files.h"
#include "base/time_zone.h"
#include "base/validate.h"

namespace guichet {

namespace {

[[noreturn]] void bad(const std::string& where, const std::string& what) {
    throw std::runtime_error("program definition: " + where + ": " + what);
}

std::string text_of(json_t* object, const char* key, const std::string& where, bool required = true) {
    json_t* value = json_object_get(object, key);
    if (!value) {
        if (required) bad(where, std::string("missing \"") + key + "\"");
        return "";
    }
    if (!json_is_string(value)) bad(where, std::string("\"") + key + "\" must be a string");
    return json_string_value(value);
}

int64_t int_of(json_t* object, const char* key, int64_t fallback, const std::string& where) {
    json_t* value = json_object_get(object, key);
    if (!value) return fallback;
    if (!json_is_integer(value)) bad(where, std::string("\"") + key + "\" must be an integer");
    return json_integer_value(value);
}

Label label_of(json_t* object, const char* key, const std::string& where) {
    json_t* value = json_object_get(object, key);
    if (!json_is_object(value)) bad(where, std::string("\"") + key + "\" must be {\"fr\": ..., \"en\": ...}");
    return {text_of(value, "fr", where + "." + key), text_of(value, "en", where + "." + key)};
}

bool valid_key(const std::string& key) {
    if (key.empty() || key.size() > 40) return false;
    for (char c : key) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

ProgramFieldType type_of(const std::string& name, const std::string& where) {
    if (name == "text") return ProgramFieldType::text;
    if (name == "email") return ProgramFieldType::email;
    if (name == "date") return ProgramFieldType::date;
    if (name == "country") return ProgramFieldType::country;
    if (name == "select") return ProgramFieldType::select;
    if (name == "number") return ProgramFieldType::number;
    bad(where, "unknown type \"" + name + "\"");
}

bool parse_date(const std::string& text, int& y, int& m, int& d) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    y = std::stoi(text.substr(0, 4));
    m = std::stoi(text.substr(5, 2));
    d = std::stoi(text.substr(8, 2));
    return valid_date(y, m, d);
}

// "Montreal time" / "heure de Montréal" when the file gives no words: the
// zone's city, as the database spells it (America/Port_of_Spain: Port of Spain).
Label default_zone_label(const std::string& zone) {
    if (zone == "UTC") return {"UTC", "UTC"};
    std::string city = zone.substr(zone.rfind('/') + 1);
    for (char& c : city) c = c == '_' ? ' ' : c;
    return {"heure de " + city, city + " time"};
}

// "identity": {"country": KEY, "number": KEY}, checked against the fields:
// the hash it feeds is only sound over values the compliance rule has made
// canonical (an ISO country code; A-Z and 0-9 by charset "passport").
std::optional<ProgramIdentity> identity_of(json_t* root, const Program& program) {
    json_t* value = json_object_get(root, "identity");
    if (!value) return std::nullopt;
    if (!json_is_object(value)) bad("identity", "must be {\"country\": KEY, \"number\": KEY}");
    if (json_object_size(value) != 2) bad("identity", "holds exactly \"country\" and \"number\"");
    ProgramIdentity identity{text_of(value, "country", "identity"), text_of(value, "number", "identity")};
    const ProgramField* country = program.field(identity.country);
    if (!country || country->type != ProgramFieldType::country || !country->required) {
        bad("identity", "country must name a required field of type country");
    }
    const ProgramField* number = program.field(identity.number);
    if (!number || number->type != ProgramFieldType::text || !number->required || number->charset != "passport") {
        bad("identity", "number must name a required text field with charset passport");
    }
    return identity;
}

}  // namespace

const ProgramField* Program::field(const std::string& key) const {
    for (const auto& f : fields) {
        if (f.key == key) return &f;
    }
    return nullptr;
}

const ProgramDocument* Program::document(const std::string& kind) const {
    for (const auto& d : documents) {
        if (d.kind == kind) return &d;
    }
    return nullptr;
}

Program parse_program(const std::string& json_text) {
    json_error_t error;
    Json root(json_loadb(json_text.data(), json_text.size(), JSON_REJECT_DUPLICATES, &error));
    if (!root || !json_is_object(root.get())) bad("file", std::string("not a JSON object: ") + error.text);
    Program program;
    program.id = text_of(root.get(), "id", "program");
    program.name = label_of(root.get(), "name", "program");
    program.quota_bytes = int_of(root.get(), "quota_bytes", 30 * 1024 * 1024, "program");
    if (json_object_get(root.get(), "time_zone")) {
        program.time_zone = text_of(root.get(), "time_zone", "program");
        std::string problem = time_zone_problem(program.time_zone);
        if (!problem.empty()) bad("program", "\"time_zone\": " + problem);
    }
    program.time_zone_label = json_object_get(root.get(), "time_zone_label")
                                  ? label_of(root.get(), "time_zone_label", "program")
                                  : default_zone_label(program.time_zone);
    json_t* fields = json_object_get(root.get(), "fields");
    if (!json_is_array(fields)) bad("program", "\"fields\" must be an array");
    size_t index;
    json_t* item;
    json_array_foreach(fields, index, item) {
        std::string where = "fields[" + std::to_string(index) + "]";
        if (!json_is_object(item)) bad(where, "must be an object");
        ProgramField f;
        f.key = text_of(item, "key", where);
        if (!valid_key(f.key)) bad(where, "key must be 1-40 of a-z, 0-9, _");
        if (program.field(f.key)) bad(where, "duplicate key " + f.key);
        f.type = type_of(text_of(item, "type", where), where);
        f.required = json_is_true(json_object_get(item, "required"));
        f.min_length = int_of(item, "min_length", f.required ? 1 : 0, where);
        f.max_length = int_of(item, "max_length", 200, where);
        f.min = int_of(item, "min", 0, where);
        f.max = int_of(item, "max", 1000000, where);
        f.min_date = text_of(item, "min_date", where, false);
        f.max_date = text_of(item, "max_date", where, false);
        f.charset = text_of(item, "charset", where, false);
        if (!f.charset.empty() && f.charset != "passport") bad(where, "unknown charset " + f.charset);
        f.label = label_of(item, "label", where);
        if (f.type == ProgramFieldType::select) {
            json_t* options = json_object_get(item, "options");
            if (!json_is_array(options) || json_array_size(options) == 0) bad(where, "a select needs options");
            size_t i;
            json_t* option;
            json_array_foreach(options, i, option) {
                f.options.push_back(text_of(option, "value", where + ".options[" + std::to_string(i) + "]"));
            }
        }
        if (f.min_length < 0 || f.max_length < f.min_length || f.max < f.min) bad(where, "inconsistent limits");
        program.fields.push_back(std::move(f));
    }
    program.identity = identity_of(root.get(), program);
    json_t* documents = json_object_get(root.get(), "documents");
    if (!json_is_array(documents)) bad("program", "\"documents\" must be an array");
    json_array_foreach(documents, index, item) {
        std::string where = "documents[" + std::to_string(index) + "]";
        if (!json_is_object(item)) bad(where, "must be an object");
        ProgramDocument d;
        d.kind = text_of(item, "kind", where);
        if (!valid_key(d.kind)) bad(where, "kind must be 1-40 of a-z, 0-9, _");
        if (program.document(d.kind)) bad(where, "duplicate kind " + d.kind);
        d.required = json_is_true(json_object_get(item, "required"));
        d.max_bytes = int_of(item, "max_bytes", 5 * 1024 * 1024, where);
        d.label = label_of(item, "label", where);
        json_t* types = json_object_get(item, "types");
        if (!json_is_array(types) || json_array_size(types) == 0) bad(where, "\"types\" must list media types");
        size_t i;
        json_t* type;
        json_array_foreach(types, i, type) {
            std::string name = json_is_string(type) ? json_string_value(type) : "";
            if (name != "application/pdf" && name != "image/jpeg" && name != "image/png") {
                bad(where, "types may be application/pdf, image/jpeg, image/png");
            }
            d.types.push_back(name);
        }
        if (d.max_bytes <= 0) bad(where, "max_bytes must be positive");
        program.documents.push_back(std::move(d));
    }
    return program;
}

Program load_program(const std::string& path) {
    auto text = read_file(path);
    if (!text) throw std::runtime_error("cannot read program definition " + path);
    return parse_program(*text);
}

std::string validate_program_value(const ProgramField& field, const json_t* value, const std::string& today) {
    if (!value || json_is_null(value)) return field_error::missing;
    if (field.type == ProgramFieldType::number) {
        if (!json_is_integer(value)) return field_error::wrong_type;
        json_int_t n = json_integer_value(value);
        return n < field.min || n > field.max ? field_error::out_of_range : "";
    }
    if (!json_is_string(value)) return field_error::wrong_type;
    std::string text(json_string_value(value), json_string_length(value));
    if (!valid_text(text)) return field_error::invalid;
    if (text.empty()) return field_error::missing;
    switch (field.type) {
        case ProgramFieldType::text: {
            int64_t length = static_cast<int64_t>(utf8_length(text));
            if (length < field.min_length) return field_error::too_short;
            if (length > field.max_length) return field_error::too_long;
            if (trim_space(text) != text) return field_error::invalid;  // parse_changes trims
            if (field.charset == "passport") {
                for (char c : text) {
                    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return field_error::invalid;
                }
            }
            return "";
        }
        case ProgramFieldType::email:
            if (text.size() > 254) return field_error::too_long;
            return plausible_email(text) ? "" : field_error::invalid;
        case ProgramFieldType::date: {
            int y, m, d;
            if (!parse_date(text, y, m, d)) return field_error::invalid;
            // ISO dates compare correctly as text.
            std::string min = field.min_date == "today" ? today : field.min_date;
            if (!min.empty() && text < min) return field_error::out_of_range;
            std::string max = field.max_date == "today" ? today : field.max_date;
            if (!max.empty() && text > max) return field_error::out_of_range;
            return "";
        }
        case ProgramFieldType::country:
            return valid_country(text) ? "" : field_error::invalid;
        case ProgramFieldType::select:
            for (const auto& option : field.options) {
                if (option == text) return "";
            }
            return field_error::invalid;
        case ProgramFieldType::number:
            break;
    }
    return field_error::invalid;
}

}  // namespace guichet
