#include "dossier/dossier_view.h"

#include "base/clock.h"
#include "base/json.h"

namespace guichet::dossier {

Json dossier_json(const StoredDossier& dossier, const Program& program, const std::string& today, Lang lang) {
    Json result(json_object());
    json_t* out = result.get();
    json_object_set(out, "fields", dossier.fields.get());
    json_t* documents = json_array();
    json_object_set_new(out, "documents", documents);
    for (const auto& [kind, document] : dossier.documents) {
        json_t* item = json_object();
        json_object_set_new(item, "kind", json_str(kind));
        json_object_set_new(item, "type", json_str(document.type));
        json_object_set_new(item, "size", json_integer(document.size));
        json_object_set_new(item, "sha256", json_str(document.sha256));
        json_object_set_new(item, "uploaded_at", json_str(format_time(document.uploaded_at)));
        json_array_append_new(documents, item);
    }
    Compliance compliance = compute_compliance(program, dossier.fields.get(), dossier.documents, today);
    json_object_set_new(out, "compliance", compliance_json(compliance, program, lang).release());
    json_object_set_new(out, "locked", json_boolean(dossier.locked));
    return result;
}

}  // namespace guichet::dossier
