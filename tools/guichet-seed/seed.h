// Test and benchmark fixtures only: seeds N candidates ready to claim (an
// account, a live session, a compliant dossier and rows for its required
// documents) straight into the database, in one transaction with prepared
// inserts, so 100,000 candidates take seconds. Never used in production: the
// seeded accounts have no password and their documents have no files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"
#include "base/json.h"
#include "domain/program.h"
#include "crypto/random.h"
#include "domain/sessions.h"

namespace guichet::seed {

struct SeededCandidate {
    int64_t account_id = 0;
    std::string email;
    std::string cookie;  // the guichet_session cookie value (base64url of 32 bytes)
};

// Fields of a dossier that db/program.json accepts, distinct per candidate.
Json compliant_fields(int64_t n);

// Adds `count` candidates after the highest account id. Throws
// std::runtime_error when the seeded dossier would not be compliant with
// `program` (the program changed: fix compliant_fields). Sessions are opened
// by domain/sessions, as a login opens them, with the lifetimes of `sessions`
// (by default those of a default Config).
std::vector<SeededCandidate> seed_candidates(Db& db, const Program& program, int64_t count, Random& random,
                                             const SessionKind& sessions = candidate_sessions(Config{}));

}  // namespace guichet::seed
