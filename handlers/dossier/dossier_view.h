// What GET /api/dossier shows: the stored answers, the documents present,
// the compliance report in the candidate's language, and whether it is locked.
#pragma once

#include <jansson.h>

#include "base/json.h"
#include "domain/compliance.h"
#include "domain/program.h"

namespace guichet::dossier {

// A new reference to the contract's dossier object.
Json dossier_json(const StoredDossier& dossier, const Program& program, const std::string& today, Lang lang);

}  // namespace guichet::dossier
