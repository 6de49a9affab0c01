#include "domain/compliance.h"

#include "base/clock.h"
#include "crypto/digest.h"
#include "base/encoding.h"

namespace guichet {

namespace {

std::string problem_message(const Problem& problem, const Program& program, Lang lang) {
    std::string label = problem.key;
    if (problem.is_document) {
        if (const ProgramDocument* d = program.document(problem.key)) label = d->label.in(lang);
        return lang == Lang::en ? "Document missing: " + label : "Document manquant : " + label;
    }
    if (const ProgramField* f = program.field(problem.key)) label = f->label.in(lang);
    if (problem.code == "missing") {
        return lang == Lang::en ? "Required answer missing: " + label : "Réponse obligatoire manquante : " + label;
    }
    if (problem.code == "too_long") return lang == Lang::en ? "Too long: " + label : "Trop long : " + label;
    if (problem.code == "too_short") return lang == Lang::en ? "Too short: " + label : "Trop court : " + label;
    if (problem.code == "out_of_range") {
        return lang == Lang::en ? "Out of the accepted range: " + label : "Hors des limites acceptées : " + label;
    }
    return lang == Lang::en ? "Invalid answer: " + label : "Réponse invalide : " + label;
}

}  // namespace

std::string utc_day(int64_t now) { return format_time(now).substr(0, 10); }

Compliance compute_compliance(const Program& program, const json_t* fields,
                              const std::map<std::string, StoredDocument>& documents, const std::string& today) {
    Compliance result;
    for (const ProgramField& field : program.fields) {
        const json_t* value = json_object_get(fields, field.key.c_str());
        bool absent = !value || json_is_null(value) || (json_is_string(value) && json_string_length(value) == 0);
        if (absent) {
            if (field.required) result.problems.push_back({false, field.key, "missing"});
            continue;
        }
        std::string code = validate_program_value(field, value, today);
        if (!code.empty()) result.problems.push_back({false, field.key, code});
    }
    for (const ProgramDocument& document : program.documents) {
        if (document.required && documents.count(document.kind) == 0) {
            result.problems.push_back({true, document.kind, "missing"});
        }
    }
    result.compliant = result.problems.empty();
    return result;
}

StoredDossier load_dossier(Db& db, int64_t account_id) {
    StoredDossier dossier;
    Stmt row = db.prepare("SELECT fields, updated_at, locked_at FROM dossiers WHERE account_id = ?1");
    row.bind(1, account_id);
    if (row.step()) {
        dossier.stored = true;
        dossier.fields_text = row.text(0);
        json_error_t error;
        dossier.fields.reset(json_loadb(dossier.fields_text.data(), dossier.fields_text.size(), 0, &error));
        dossier.updated_at = row.int64(1);
        dossier.locked = !row.is_null(2);
    }
    if (!dossier.fields || !json_is_object(dossier.fields.get())) dossier.fields.reset(json_object());
    Stmt docs = db.prepare(
        "SELECT kind, type, size, sha256, uploaded_at FROM documents WHERE account_id = ?1 ORDER BY kind");
    docs.bind(1, account_id);
    while (docs.step()) {
        StoredDocument d{docs.text(0), docs.text(1), docs.int64(2), docs.text(3), docs.int64(4)};
        dossier.documents[d.kind] = d;
    }
    return dossier;
}

Json compliance_json(const Compliance& compliance, const Program& program, Lang lang) {
    Json result(json_object());
    json_t* out = result.get();
    json_object_set_new(out, "compliant", json_boolean(compliance.compliant));
    json_t* problems = json_array();
    json_object_set_new(out, "problems", problems);
    for (const Problem& problem : compliance.problems) {
        json_t* item = json_object();
        json_object_set_new(item, problem.is_document ? "document" : "field", json_str(problem.key));
        json_object_set_new(item, "code", json_str(problem.code));
        json_object_set_new(item, "message", json_str(problem_message(problem, program, lang)));
        json_array_append_new(problems, item);
    }
    return result;
}

std::map<std::string, std::string> compliance_fields(const Compliance& compliance) {
    std::map<std::string, std::string> fields;
    for (const Problem& problem : compliance.problems) {
        fields[problem.is_document ? "document:" + problem.key : problem.key] = problem.code;
    }
    return fields;
}

std::string dossier_digest(const StoredDossier& dossier) {
    Json canonical(json_object());
    json_t* documents = json_object();
    for (const auto& [kind, document] : dossier.documents) json_object_set_new(documents, kind.c_str(), json_str(document.sha256));
    json_object_set_new(canonical.get(), "documents", documents);
    json_object_set(canonical.get(), "fields", dossier.fields.get());
    return hex_encode(sha256(json_dump(canonical.get())));
}

}  // namespace guichet
