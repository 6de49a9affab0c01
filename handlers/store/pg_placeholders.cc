#include "store/pg_placeholders.h"

#include <algorithm>
#include <cctype>

namespace guichet {

namespace {

// The index just past a quoted run that starts at i with quote q ('' or ""
// inside it are the quote itself).
size_t skip_quoted(const std::string& sql, size_t i, char q) {
    for (size_t j = i + 1; j < sql.size(); ++j) {
        if (sql[j] != q) continue;
        if (j + 1 < sql.size() && sql[j + 1] == q) {
            ++j;
            continue;
        }
        return j + 1;
    }
    return sql.size();
}

}  // namespace

PgPlaceholders pg_placeholders(const std::string& sqlite_sql) {
    PgPlaceholders out;
    const std::string& s = sqlite_sql;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        size_t end = i + 1;
        if (c == '\'' || c == '"') {
            end = skip_quoted(s, i, c);
        } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            end = s.find('\n', i);
            end = end == std::string::npos ? s.size() : end;
        } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
            end = s.find("*/", i + 2);
            end = end == std::string::npos ? s.size() : end + 2;
        } else if (c == '?') {
            size_t digits = i + 1;
            while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
            int number = digits > i + 1 ? std::stoi(s.substr(i + 1, digits - i - 1)) : out.parameters + 1;
            out.parameters = std::max(out.parameters, number);
            out.sql += '$' + std::to_string(number);
            i = digits;
            continue;
        }
        out.sql.append(s, i, end - i);
        i = end;
    }
    return out;
}

}  // namespace guichet
