// Fuzzes the dossier draft parser and merge (PUT /api/dossier) against the
// shipped program: only 400 bad_json or 422 invalid may come out, and a merge
// of accepted changes keeps every non-cleared value the changes set.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "base/api_error.h"
#include "domain/program.h"
#include "dossier/dossier_merge.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    static const Program program = load_program(std::getenv("GUICHET_PROGRAM") ? std::getenv("GUICHET_PROGRAM")
                                                                                : "db/program.json");
    std::string_view body(reinterpret_cast<const char*>(data), size);
    try {
        Json changes = dossier::parse_changes(body, program, "2026-06-01");
        Json stored(json_pack("{s:s, s:s}", "first_name", "Ada", "obsolete", "kept"));
        Json merged = dossier::merge_changes(stored.get(), changes.get());
        const char* key;
        json_t* value;
        json_object_foreach(changes.get(), key, value) {
            json_t* now = json_object_get(merged.get(), key);
            if (dossier::clears_value(value) ? now != nullptr : !json_equal(now, value)) __builtin_trap();
        }
        if (!json_object_get(changes.get(), "obsolete") && !json_object_get(merged.get(), "obsolete")) __builtin_trap();
    } catch (const ApiError& error) {
        if (error.status() != 400 && error.status() != 422) __builtin_trap();
    }
    return 0;
}
