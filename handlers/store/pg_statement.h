// One cached statement on PostgreSQL, the other side of Stmt (store/db.h).
//
// Parameters are sent as text (integers typed int8, text left for the server
// to infer) or binary (blobs, typed bytea). The first step runs the statement,
// as a server-side prepared statement when its parameter types are those it
// was prepared with, else through PQexecParams; later steps walk the rows of
// the result. Results come back as text: integers of any width, numeric and
// boolean (t/f) columns all read as int64; bytea columns are decoded from
// PostgreSQL's hex form, so blob() and text() give the bytes as on SQLite.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/pg_session.h"

namespace guichet {

class PgStatement {
public:
    PgStatement(PgSession& session, const char* sqlite_sql);

    void bind_int64(int index, int64_t value);
    void bind_text(int index, const std::string& text);
    void bind_blob(int index, const void* data, size_t size);
    void bind_null(int index);
    bool step();
    // A write whose result nobody reads: inside a write transaction, once
    // prepared on this connection, sent without waiting (PgSession's deferred
    // writes); else run at once.
    void defer();
    void reset() noexcept;  // back to unexecuted, every parameter NULL

    int64_t int64(int column) const;
    std::string value(int column) const;  // text or blob: the bytes
    bool is_null(int column) const;
    const std::string& sql() const { return sql_; }

private:
    struct Param {
        std::optional<std::string> value;  // nullopt: NULL
        Oid type = 0;
        int format = 0;
    };
    // The parameters as libpq takes them (pointing into params_).
    struct Wire {
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        std::vector<Oid> types;
    };
    Wire wire() const;
    bool prepared_for(const Wire& w) const;  // prepared on this connection, with these types
    Param& param(int index);
    void execute();
    bool has_cell(int column) const;

    PgSession& session_;
    const char* original_;  // the caller's SQL, for messages
    std::string sql_;       // with $N parameters
    std::vector<Param> params_;
    std::string name_;            // the server-side statement's name, once prepared
    uint64_t prepared_in_ = 0;    // the session generation it was prepared in (0: never)
    std::vector<Oid> prepared_types_;
    std::unique_ptr<PGresult, PgResultClear> result_;
    int row_ = -1;  // the current row
};

}  // namespace guichet
