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

void SnapshotWriter::dossier(std::string_view fields, int64_t updated_at, bool locked) {
    out_ += 'D';
    append_field(out_, fields);
    append_field(out_, std::to_string(updated_at));
    append_field(out_, std::to_string(locked ? 1 : 0));
}

void SnapshotWriter::no_dossier() { out_ += 'N'; }  // judged as an empty one

void SnapshotWriter::document(std::string_view kind, std::string_view type, int64_t size, std::string_view sha256,
                              int64_t uploaded_at) {
    out_ += 'F';
    append_field(out_, kind);
    append_field(out_, type);
    append_field(out_, std::to_string(size));
    append_field(out_, sha256);
    append_field(out_, std::to_string(uploaded_at));
}

std::string dossier_snapshot(Db& db, int64_t account_id) {
    SnapshotWriter out;
    Stmt row = db.prepare("SELECT fields, updated_at, locked_at IS NOT NULL FROM dossiers WHERE account_id = ?1");
    row.bind(1, account_id);
    if (row.step()) out.dossier(row.text(0), row.int64(1), row.int64(2) != 0);
    else out.no_dossier();
    Stmt docs = db.prepare(
        "SELECT kind, type, size, sha256, uploaded_at FROM documents WHERE account_id = ?1 ORDER BY kind");
    docs.bind(1, account_id);
    while (docs.step()) out.document(docs.text(0), docs.text(1), docs.int64(2), docs.text(3), docs.int64(4));
    return out.bytes();
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
                                    int64_t account_id, int64_t now, const DossierJudgment* prejudged,
                                    const std::string& snapshot) {
    if (prejudged && prejudged->today == utc_day(now) && snapshot == prejudged->snapshot) {
        return *prejudged;
    }
    return judge_dossier(db, program, identity_key, account_id, now);
}

}  // namespace guichet::claim
