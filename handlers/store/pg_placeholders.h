// SQLite's parameters in PostgreSQL's form: ?N becomes $N, and a bare ?
// becomes $K with K one more than the largest number so far (SQLite's rule).
// String literals, quoted identifiers and comments are left alone. Done once
// per cached statement (Db::prepare).
#pragma once

#include <string>

namespace guichet {

struct PgPlaceholders {
    std::string sql;     // the statement with $N parameters
    int parameters = 0;  // the largest N
};

PgPlaceholders pg_placeholders(const std::string& sqlite_sql);

}  // namespace guichet
