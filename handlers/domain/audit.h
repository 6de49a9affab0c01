// The audit log: who did what, with the state before and after, when and from
// where. Written by the admin handler and by guichet-admin; the table's
// triggers make it append-only (see db/migrations/0008_admin.sql).
#pragma once

#include <jansson.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.h"
#include "store/db.h"

namespace guichet {

struct AuditEntry {
    int64_t id = 0;
    int64_t at = 0;
    std::string who;
    std::string action;
    std::string before;  // JSON text, "" for none
    std::string after;   // JSON text, "" for none
    std::string from;
};

// Adds one row, inside the caller's write transaction. before/after may be null.
void append_audit(Db& db, const std::string& who, const std::string& action, const json_t* before,
                  const json_t* after, const std::string& from, int64_t at);

// Newest first: up to `limit` rows with id < before_id (0: from the newest).
std::vector<AuditEntry> read_audit(Db& db, int64_t before_id, int64_t limit);
// Oldest first: every row (for an export).
std::vector<AuditEntry> read_all_audit(Db& db);
// {"entries": [{id, at, who, action, before, after, from}]}: before/after as JSON values.
Json audit_json(const std::vector<AuditEntry>& entries);
// id,at,who,action,from,before,after (formula-safe CSV, with a header row).
std::string audit_csv(const std::vector<AuditEntry>& entries);

// "cli:<unix user>", the name the command line writes as `who`.
std::string cli_actor();

}  // namespace guichet
