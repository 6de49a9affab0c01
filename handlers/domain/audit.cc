#include "domain/audit.h"

#include <pwd.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/csv.h"
#include "base/json.h"

namespace guichet {

namespace {

AuditEntry entry_from(const Stmt& row) {
    return AuditEntry{row.int64(0), row.int64(1), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6)};
}

Json json_or_null(const std::string& text) {
    if (text.empty()) return Json(json_null());
    json_error_t error;
    Json value(json_loadb(text.data(), text.size(), JSON_DECODE_ANY, &error));
    return value ? std::move(value) : Json(json_str(text));
}

}  // namespace

void append_audit(Db& db, const std::string& who, const std::string& action, const json_t* before,
                  const json_t* after, const std::string& from, int64_t at) {
    Stmt stmt = db.prepare(
        "INSERT INTO audit_log (at, who, action, before, after, from_addr) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    stmt.bind(1, at).bind(2, who).bind(3, action);
    if (before) stmt.bind(4, json_dump(before));
    else stmt.bind_null(4);
    if (after) stmt.bind(5, json_dump(after));
    else stmt.bind_null(5);
    stmt.bind(6, from);
    stmt.run();
}

std::vector<AuditEntry> read_audit(Db& db, int64_t before_id, int64_t limit) {
    Stmt stmt = db.prepare(
        "SELECT id, at, who, action, COALESCE(before, ''), COALESCE(after, ''), from_addr FROM audit_log "
        "WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2");
    stmt.bind(1, before_id).bind(2, limit);
    std::vector<AuditEntry> out;
    while (stmt.step()) out.push_back(entry_from(stmt));
    return out;
}

std::vector<AuditEntry> read_all_audit(Db& db) {
    Stmt stmt = db.prepare(
        "SELECT id, at, who, action, COALESCE(before, ''), COALESCE(after, ''), from_addr FROM audit_log "
        "ORDER BY id");
    std::vector<AuditEntry> out;
    while (stmt.step()) out.push_back(entry_from(stmt));
    return out;
}

Json audit_json(const std::vector<AuditEntry>& entries) {
    Json out(json_object());
    json_t* list = json_array();
    json_object_set_new(out.get(), "entries", list);
    for (const AuditEntry& e : entries) {
        json_t* item = json_object();
        json_object_set_new(item, "id", json_integer(e.id));
        json_object_set_new(item, "at", json_str(format_time(e.at)));
        json_object_set_new(item, "who", json_str(e.who));
        json_object_set_new(item, "action", json_str(e.action));
        json_object_set_new(item, "before", json_or_null(e.before).release());
        json_object_set_new(item, "after", json_or_null(e.after).release());
        json_object_set_new(item, "from", json_str(e.from));
        json_array_append_new(list, item);
    }
    return out;
}

std::string audit_csv(const std::vector<AuditEntry>& entries) {
    std::string out = kCsvBom;
    out += csv_row({"id", "at", "who", "action", "from", "before", "after"});
    for (const AuditEntry& e : entries) {
        out += csv_row({std::to_string(e.id), format_time(e.at), e.who, e.action, e.from, e.before, e.after});
    }
    return out;
}

std::string cli_actor() {
    const passwd* user = getpwuid(getuid());
    return std::string("cli:") + (user && user->pw_name ? user->pw_name : std::to_string(getuid()));
}

}  // namespace guichet
