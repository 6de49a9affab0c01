#include "claim/dossier_judgment.h"

#include <jansson.h>

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

namespace {

// The dossier's rows, read once: as bytes (the snapshot) and parsed, as
// load_dossier (domain/compliance.h) gives them.
std::string read_dossier(Db& db, int64_t account_id, StoredDossier& dossier) {
    SnapshotWriter out;
    Stmt row = db.prepare("SELECT fields, updated_at, locked_at IS NOT NULL FROM dossiers WHERE account_id = ?1");
    row.bind(1, account_id);
    if (row.step()) {
        std::string text = row.text(0);
        out.dossier(text, row.int64(1), row.int64(2) != 0);
        json_error_t error;
        dossier.fields.reset(json_loadb(text.data(), text.size(), 0, &error));
        dossier.updated_at = row.int64(1);
        dossier.locked = row.int64(2) != 0;
    } else {
        out.no_dossier();
    }
    if (!dossier.fields || !json_is_object(dossier.fields.get())) dossier.fields.reset(json_object());
    Stmt docs = db.prepare(
        "SELECT kind, type, size, sha256, uploaded_at FROM documents WHERE account_id = ?1 ORDER BY kind");
    docs.bind(1, account_id);
    while (docs.step()) {
        StoredDocument d{docs.text(0), docs.text(1), docs.int64(2), docs.text(3), docs.int64(4)};
        out.document(d.kind, d.type, d.size, d.sha256, d.uploaded_at);
        dossier.documents[d.kind] = std::move(d);
    }
    return out.bytes();
}

}  // namespace

std::string dossier_snapshot(Db& db, int64_t account_id) {
    StoredDossier parsed;
    return read_dossier(db, account_id, parsed);
}

DossierJudgment judge_dossier(Db& db, const Program& program, std::string_view identity_key, int64_t account_id,
                              int64_t now) {
    DossierJudgment judgment;
    StoredDossier dossier;
    judgment.snapshot = read_dossier(db, account_id, dossier);  // and parsed: one read of the rows
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
