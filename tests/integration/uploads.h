// What the upload integration tests share: one PUT of a document, the files
// in the store, a candidate's rows, and the field code of a refusal.
#pragma once

#include <dirent.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/backend.h"
#include "tests/integration/http.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

namespace guichet::test {

inline HttpResponse upload(HttpClient& client, const std::string& kind, const std::string& bytes,
                           const std::string& content_type = "application/pdf") {
    return client.request("PUT", "/api/documents/" + kind, bytes, {"Content-Type: " + content_type}, 60000);
}

// Names in the store folder (content files and any staged file).
inline std::set<std::string> store_files(const Site& site) {
    std::set<std::string> names;
    if (DIR* dir = opendir((site.data() + "/documents").c_str())) {
        while (dirent* entry = readdir(dir)) {
            std::string name = entry->d_name;
            if (name != "." && name != "..") names.insert(name);
        }
        closedir(dir);
    }
    return names;
}

// The hashes whose bytes the database keeps (PostgreSQL; none on SQLite).
inline std::set<std::string> kept_bytes(const Site& site) {
    std::vector<std::string> rows = site.column("SELECT sha256 FROM document_bytes");
    return std::set<std::string>(rows.begin(), rows.end());
}

// What the database should keep for a node's folder: the same files on
// PostgreSQL, nothing on SQLite.
inline std::set<std::string> expected_kept(const Site& site) {
    return test_on_postgres() ? store_files(site) : std::set<std::string>{};
}

inline std::string document_count(const Site& site, int64_t account_id) {
    return site.sql("SELECT count(*) FROM documents WHERE account_id = " + std::to_string(account_id));
}

// The code an error's `fields` gives for kind, "" when none.
inline std::string field_code(const HttpResponse& response, const char* kind) {
    Json body = parse_json(response.body);
    const char* code = json_string_value(json_object_get(json_object_get(body.get(), "fields"), kind));
    return code ? code : "";
}

}  // namespace guichet::test
