// The tests' own SQL where SQLite and PostgreSQL spell it differently: each
// helper returns the spelling of the site's backend, so a test reads and
// writes the same rows on both (backend.h). What can be done in C++ instead
// (joining rows, hex, formatting times) is, with Site::rows.
#pragma once

#include <string>
#include <vector>

#include "tests/integration/site.h"

namespace guichet::test {

// A blob literal from its bytes: X'..' (SQLite) or '\x..'::bytea (PostgreSQL).
std::string blob_literal(const Site& site, const std::string& bytes);
// The text of member key of the JSON object in a TEXT column
// (json_extract; ->> on PostgreSQL). JSON true/false read as 1/0 on both.
std::string json_member(const Site& site, const std::string& column, const std::string& key);
// The column's JSON object with key set to a string (json_set; jsonb_set).
std::string json_with(const Site& site, const std::string& column, const std::string& key, const std::string& value);
// The column's JSON object without key (json_remove; jsonb's -).
std::string json_without(const Site& site, const std::string& column, const std::string& key);
// "ok" when the database checks sound: SQLite's PRAGMA integrity_check, or on
// PostgreSQL amcheck's bt_index_check (heapallindexed) on every B-tree index
// of the site's schema; otherwise what the check reported.
std::string integrity_check(const Site& site);
std::string join(const std::vector<std::string>& parts, const std::string& separator);

}  // namespace guichet::test
