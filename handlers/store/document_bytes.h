// The database's copy of the documents' bytes (migration 0019), the half of
// the document store (store/document_store.h) that makes documents reachable
// from every front node and survive the loss of one: used when the database
// is PostgreSQL, which several nodes share; on SQLite (one machine) the
// store's folder is the only copy and none of these is called.
//
// Each function is one statement, in the caller's transaction, or in one of
// its own when there is none.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/db.h"

namespace guichet::document_bytes {

// Whether this database keeps the bytes (PostgreSQL).
inline bool kept_by(const Db& db) { return db.is_postgres(); }

// Stores the bytes under their hash unless they are there already.
void insert(Db& db, const std::string& sha256, const void* data, size_t size, int64_t now);
bool present(Db& db, const std::string& sha256);
// Whether a row went.
bool remove(Db& db, const std::string& sha256);
std::optional<std::string> read(Db& db, const std::string& sha256);
// The hashes stored before stored_before that no document row names.
std::vector<std::string> unreferenced(Db& db, int64_t stored_before);
std::set<std::string> names(Db& db);

}  // namespace guichet::document_bytes
