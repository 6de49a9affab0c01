// Saving a draft: the changes a candidate sends are checked against the
// program definition, then merged into the stored answers. Pure functions,
// unit-tested without a database.
#pragma once

#include <jansson.h>

#include <string>
#include <string_view>

#include "base/json.h"
#include "domain/program.h"

namespace guichet::dossier {

// Parses a PUT /api/dossier body, {"fields": {key: value|null|""}}, and checks
// each value given against its field's rule. Unknown keys (top level or in
// fields) are refused; null or "" means "clear this answer"; missing required
// answers are allowed (compliance reports them). Returns the fields object.
// Throws ApiError(Err::bad_json) or ApiError(Err::invalid, {key: code}).
Json parse_changes(std::string_view body, const Program& program, const std::string& today);

// A copy of stored with changes applied: a null or "" value removes the key,
// any other value replaces it. Keys of stored that the program no longer
// defines are kept (they are reported by nobody and cleared by nobody).
Json merge_changes(const json_t* stored, const json_t* changes);

// Whether a value means "no answer" (null or the empty string).
bool clears_value(const json_t* value);

}  // namespace guichet::dossier
