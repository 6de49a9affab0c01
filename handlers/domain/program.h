// The program definition (db/program.json): the form's fields and the
// documents, with their rules and their French and English labels. It is the
// single source of truth for the handlers' validation and for the site's form.
#pragma once

#include <jansson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/api_error.h"
#include "base/json.h"

namespace guichet {

struct Label {
    std::string fr;
    std::string en;
    const std::string& in(Lang lang) const { return lang == Lang::en ? en : fr; }
};

enum class ProgramFieldType { text, email, date, country, select, number };

struct ProgramField {
    std::string key;
    ProgramFieldType type = ProgramFieldType::text;
    bool required = false;
    int64_t min_length = 0;      // text
    int64_t max_length = 200;    // text
    int64_t min = 0;             // number
    int64_t max = 0;             // number
    std::string min_date;        // date: "YYYY-MM-DD", "today" or "" (inclusive)
    std::string max_date;        // date: "YYYY-MM-DD", "today" or ""
    std::string charset;         // text: "" (any text) or "passport" (A-Z, 0-9)
    std::vector<std::string> options;  // select: allowed values
    Label label;
};

struct ProgramDocument {
    std::string kind;
    bool required = false;
    std::vector<std::string> types;  // accepted media types, recognised from the bytes
    int64_t max_bytes = 0;
    Label label;
};

// Which answers say who the holder is (one place per person, domain/identity.h):
// the passport's issuing country (a required country field) and its number
// (a required text field with charset "passport"). Declared in the program as
// "identity": {"country": KEY, "number": KEY}; a program without it makes no
// identity check.
struct ProgramIdentity {
    std::string country;
    std::string number;
};

struct Program {
    std::string id;
    Label name;
    std::vector<ProgramField> fields;
    std::vector<ProgramDocument> documents;
    int64_t quota_bytes = 0;  // all of one candidate's documents together
    // The zone every time is shown in to people (an IANA name, checked at
    // load: base/time_zone.h), and its name in words ("heure de Montréal",
    // "Montreal time"). Receipts and the API stay in UTC.
    std::string time_zone = "UTC";
    Label time_zone_label{"UTC", "UTC"};
    std::optional<ProgramIdentity> identity;

    const ProgramField* field(const std::string& key) const;
    const ProgramDocument* document(const std::string& kind) const;
};

// Parses and checks a program definition; throws std::runtime_error naming
// the first problem (an operator's mistake must stop the start-up, loudly).
Program parse_program(const std::string& json_text);
Program load_program(const std::string& path);

// "" when value is acceptable for field, else a field error code
// (wrong_type, too_short, too_long, invalid, out_of_range, missing).
// `today` is "YYYY-MM-DD" (server's date), for max_date "today".
std::string validate_program_value(const ProgramField& field, const json_t* value, const std::string& today);

// Whether code is an ISO 3166-1 alpha-2 country code in current use.
bool valid_country(const std::string& code);

}  // namespace guichet
