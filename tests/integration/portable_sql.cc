#include "tests/integration/portable_sql.h"

#include "base/encoding.h"

namespace guichet::test {

std::string blob_literal(const Site& site, const std::string& bytes) {
    std::string hex = hex_encode(bytes);
    return site.postgres() ? "'\\x" + hex + "'::bytea" : "X'" + hex + "'";
}

std::string json_member(const Site& site, const std::string& column, const std::string& key) {
    if (!site.postgres()) return "json_extract(" + column + ", '$." + key + "')";
    // SQLite's json_extract gives JSON true and false as the integers 1 and 0.
    std::string object = "CAST(" + column + " AS jsonb)";
    std::string member = "(" + object + " -> '" + key + "')";
    return "(CASE jsonb_typeof" + member + " WHEN 'boolean' THEN CASE WHEN CAST(" + member +
           " AS boolean) THEN '1' ELSE '0' END ELSE " + object + " ->> '" + key + "' END)";
}

std::string json_with(const Site& site, const std::string& column, const std::string& key, const std::string& value) {
    if (!site.postgres()) return "json_set(" + column + ", '$." + key + "', '" + value + "')";
    return "CAST(jsonb_set(CAST(" + column + " AS jsonb), '{" + key + "}', to_jsonb(CAST('" + value +
           "' AS text))) AS text)";
}

std::string json_without(const Site& site, const std::string& column, const std::string& key) {
    if (!site.postgres()) return "json_remove(" + column + ", '$." + key + "')";
    return "CAST(CAST(" + column + " AS jsonb) - '" + key + "' AS text)";
}

std::string integrity_check(const Site& site) {
    if (!site.postgres()) return site.sql("PRAGMA integrity_check");
    // amcheck lives in the public schema (made once per server): a site's
    // connections see only their own schema, so its functions are qualified.
    std::string made = site.sql("CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA public");
    if (!made.empty()) return made;
    std::string checked = site.sql(
        "SELECT count(public.bt_index_check(c.oid, true)) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'btree' AND c.relnamespace = CAST(current_schema() AS regnamespace)");
    if (checked.rfind("error: ", 0) == 0) return checked;
    // Every index was read (count of a void function counts its calls).
    std::string indexes = site.sql(
        "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
        "WHERE a.amname = 'btree' AND c.relnamespace = CAST(current_schema() AS regnamespace)");
    return checked == indexes && checked != "0" ? "ok" : "checked " + checked + " of " + indexes + " indexes";
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

}  // namespace guichet::test
