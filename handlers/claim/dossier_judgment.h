// The dossier's judgment (compliance, fingerprint, identity), made before the
// claim lock and only checked under it.
//
// Judging a dossier parses its JSON, runs the compliance rule, serialises and
// hashes its canonical form, and keys its identity: work that the committer
// used to do claim after claim under the write lock (a perf profile of a
// burst: 12 % of all the CPU, docs/benchmarks.md). The request thread now
// judges it in its read snapshot, and the committer, under the lock, reads
// the same rows again as bytes (the snapshot) and uses the judgment only if
// they are the very same bytes on the same UTC day; otherwise it judges the
// dossier again under the lock, as before. The judgment is a function of
// those bytes and the day alone (compliance.h, identity.h), so a claim is
// judged on exactly what is locked either way.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "domain/compliance.h"
#include "domain/program.h"
#include "store/db.h"

namespace guichet::claim {

struct DossierJudgment {
    std::string snapshot;  // the rows it was made from (dossier_snapshot)
    std::string today;     // utc_day of the judgment: date rules depend on it
    Compliance compliance;
    std::string digest;    // dossier_digest
    std::optional<std::string> identity;  // dossier_identity
};

// The dossier's row and its documents' rows, as one string of bytes
// (length-prefixed): from the rows as stored (`stored`: the dossier has a
// row), the documents by kind.
std::string dossier_snapshot(bool stored, std::string_view fields_text, int64_t updated_at, bool locked,
                             const std::map<std::string, StoredDocument>& documents);
std::string dossier_snapshot(const StoredDossier& dossier);
// The same, read inside the caller's transaction.
std::string dossier_snapshot(Db& db, int64_t account_id);

// Reads and judges the dossier inside the caller's transaction.
DossierJudgment judge_dossier(Db& db, const Program& program, std::string_view identity_key, int64_t account_id,
                              int64_t now);

// Under the lock: `prejudged` when its rows and day are still the dossier's
// (`snapshot`, read under the lock), else a judgment made now.
DossierJudgment judgment_under_lock(Db& db, const Program& program, std::string_view identity_key,
                                    int64_t account_id, int64_t now, const DossierJudgment* prejudged,
                                    const std::string& snapshot);

}  // namespace guichet::claim
