#include "claim/dossier_judgment.h"

#include "domain/identity.h"

namespace guichet::claim {

namespace {

void append_field(std::string& out, std::string_view value) {
    out += std::to_string(value.size());
    out += ':';
    out += value;
}

}  // namespace

std::string dossier_snapshot(bool stored, std::string_view fields_text, int64_t updated_at, bool locked,
                             const std::map<std::string, StoredDocument>& documents) {
    std::string out;
    if (stored) {
        out += 'D';
        append_field(out, fields_text);
        append_field(out, std::to_string(updated_at));
        append_field(out, std::to_string(locked ? 1 : 0));
    } else {
        out += 'N';  // no dossier: judged as an empty one
    }
    for (const auto& entry : documents) {
        const StoredDocument& d = entry.second;
        out += 'F';
        append_field(out, d.kind);
        append_field(out, d.type);
        append_field(out, std::to_string(d.size));
        append_field(out, d.sha256);
        append_field(out, std::to_string(d.uploaded_at));
    }
    return out;
}

std::string dossier_snapshot(const StoredDossier& dossier) {
    return dossier_snapshot(dossier.stored, dossier.fields_text, dossier.updated_at, dossier.locked,
                            dossier.documents);
}

std::string dossier_snapshot(Db& db, int64_t account_id) { return dossier_snapshot(load_dossier(db, account_id)); }

DossierJudgment judge_dossier(Db& db, const Program& program, std::string_view identity_key, int64_t account_id,
                              int64_t now) {
    DossierJudgment judgment;
    StoredDossier dossier = load_dossier(db, account_id);
    judgment.snapshot = dossier_snapshot(dossier);  // from the same read of the rows
    judgment.today = utc_day(now);
    judgment.compliance = compute_compliance(program, dossier.fields.get(), dossier.documents, judgment.today);
    if (judgment.compliance.compliant) {
        judgment.digest = dossier_digest(dossier);
        judgment.identity = dossier_identity(program, dossier.fields.get(), identity_key);
    }
    return judgment;
}

DossierJudgment judgment_under_lock(Db& db, const Program& program, std::string_view identity_key,
                                    int64_t account_id, int64_t now, const DossierJudgment* prejudged,
                                    const std::string& snapshot) {
    if (prejudged && prejudged->today == utc_day(now) && snapshot == prejudged->snapshot) {
        return *prejudged;
    }
    return judge_dossier(db, program, identity_key, account_id, now);
}

}  // namespace guichet::claim
