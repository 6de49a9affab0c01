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

std::string dossier_snapshot(Db& db, int64_t account_id) {
    std::string out;
    Stmt row = db.prepare("SELECT fields, updated_at, locked_at IS NOT NULL FROM dossiers WHERE account_id = ?1");
    row.bind(1, account_id);
    if (row.step()) {
        out += 'D';
        append_field(out, row.text(0));
        append_field(out, std::to_string(row.int64(1)));
        append_field(out, std::to_string(row.int64(2)));
    } else {
        out += 'N';  // no dossier: judged as an empty one
    }
    Stmt docs = db.prepare(
        "SELECT kind, type, size, sha256, uploaded_at FROM documents WHERE account_id = ?1 ORDER BY kind");
    docs.bind(1, account_id);
    while (docs.step()) {
        out += 'F';
        append_field(out, docs.text(0));
        append_field(out, docs.text(1));
        append_field(out, std::to_string(docs.int64(2)));
        append_field(out, docs.text(3));
        append_field(out, std::to_string(docs.int64(4)));
    }
    return out;
}

DossierJudgment judge_dossier(Db& db, const Program& program, std::string_view identity_key, int64_t account_id,
                              int64_t now) {
    DossierJudgment judgment;
    judgment.snapshot = dossier_snapshot(db, account_id);
    judgment.today = utc_day(now);
    StoredDossier dossier = load_dossier(db, account_id);
    judgment.compliance = compute_compliance(program, dossier.fields.get(), dossier.documents, judgment.today);
    if (judgment.compliance.compliant) {
        judgment.digest = dossier_digest(dossier);
        judgment.identity = dossier_identity(program, dossier.fields.get(), identity_key);
    }
    return judgment;
}

DossierJudgment judgment_under_lock(Db& db, const Program& program, std::string_view identity_key,
                                    int64_t account_id, int64_t now, const DossierJudgment* prejudged) {
    if (prejudged && prejudged->today == utc_day(now) && dossier_snapshot(db, account_id) == prejudged->snapshot) {
        return *prejudged;
    }
    return judge_dossier(db, program, identity_key, account_id, now);
}

}  // namespace guichet::claim
