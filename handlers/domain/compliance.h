// Compliance: the one function that decides whether a dossier may win a place.
// GET /api/dossier shows it; POST /api/claim refuses a dossier it rejects,
// with the same problem list. A dossier is compliant when every required
// field holds a valid value, every value given is valid, and every required
// document is present.
#pragma once

#include <jansson.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "store/db.h"
#include "domain/program.h"

namespace guichet {

struct Problem {
    bool is_document = false;  // a document kind, else a field key
    std::string key;
    std::string code;          // missing, invalid, too_long, out_of_range, ...
};

struct Compliance {
    bool compliant = true;
    std::vector<Problem> problems;  // in the program's order: fields first, then documents
};

// A stored document, as the dossier and claim see it.
struct StoredDocument {
    std::string kind;
    std::string type;
    int64_t size = 0;
    std::string sha256;  // hex
    int64_t uploaded_at = 0;
};

// The pure rule, for stored values and the kinds of documents present.
Compliance compute_compliance(const Program& program, const json_t* fields,
                              const std::map<std::string, StoredDocument>& documents, const std::string& today);

// A candidate's stored dossier, read inside the caller's transaction.
struct StoredDossier {
    Json fields;                                      // always an object
    std::map<std::string, StoredDocument> documents;  // by kind
    bool locked = false;
    int64_t updated_at = 0;
    bool stored = false;      // the dossier has a row (else it is judged as an empty one)
    std::string fields_text;  // the row's fields as stored, bytes for bytes
};
StoredDossier load_dossier(Db& db, int64_t account_id);

// {"compliant": bool, "problems": [{"field"|"document": key, "code", "message"}]}
Json compliance_json(const Compliance& compliance, const Program& program, Lang lang);
// The same problems as the `fields` of an error (key -> code; documents keyed "document:<kind>").
std::map<std::string, std::string> compliance_fields(const Compliance& compliance);

// SHA-256 (hex) over the dossier's canonical form: compact JSON with sorted
// keys of {"documents": {kind: sha256}, "fields": {...}}. Recorded with a claim.
std::string dossier_digest(const StoredDossier& dossier);

// The UTC date at `now` (ms since the epoch), "YYYY-MM-DD": what "today"
// means for the program's date rules.
std::string utc_day(int64_t now);

}  // namespace guichet
