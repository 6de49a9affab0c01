#include "store/pg_statement.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "store/pg_placeholders.h"

namespace guichet {

namespace {

constexpr Oid kInt8 = 20;
constexpr Oid kBytea = 17;

int hex_digit(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

}  // namespace

PgStatement::PgStatement(PgSession& session, const char* sqlite_sql) : session_(session), original_(sqlite_sql) {
    PgPlaceholders translated = pg_placeholders(sqlite_sql);
    sql_ = std::move(translated.sql);
    params_.resize(translated.parameters);
}

PgStatement::Param& PgStatement::param(int index) {
    if (index < 1 || index > static_cast<int>(params_.size())) {
        throw StoreError(StoreError::Kind::bug, std::string("bind: no parameter ") + std::to_string(index) + " in " +
                                                    original_);
    }
    if (result_) throw StoreError(StoreError::Kind::bug, std::string("bind: statement is running: ") + original_);
    return params_[index - 1];
}

void PgStatement::bind_int64(int index, int64_t value) { param(index) = {std::to_string(value), kInt8, 0}; }
void PgStatement::bind_text(int index, const std::string& text) { param(index) = {text, 0, 0}; }
void PgStatement::bind_blob(int index, const void* data, size_t size) {
    param(index) = {std::string(static_cast<const char*>(data), size), kBytea, 1};
}
void PgStatement::bind_null(int index) { param(index) = {std::nullopt, 0, 0}; }

PgStatement::Wire PgStatement::wire() const {
    size_t n = params_.size();
    Wire w;
    w.values.resize(n);
    w.lengths.resize(n);
    w.formats.resize(n);
    w.types.resize(n);
    for (size_t i = 0; i < n; ++i) {
        w.values[i] = params_[i].value ? params_[i].value->data() : nullptr;
        w.lengths[i] = params_[i].value ? static_cast<int>(params_[i].value->size()) : 0;
        w.formats[i] = params_[i].format;
        w.types[i] = params_[i].type;
    }
    return w;
}

bool PgStatement::prepared_for(const Wire& w) const {
    return prepared_in_ == session_.generation() && w.types == prepared_types_;
}

void PgStatement::execute() {
    if (session_.tx() == PgSession::Tx::none) session_.ensure_connected();
    Wire w = wire();
    int n = static_cast<int>(params_.size());
    PGconn* conn = session_.conn();
    if (session_.has_deferred() && prepared_for(w)) {
        // Sent after the deferred writes: their results and this one in one round trip.
        result_ = session_.send_with_deferred(original_, name_.c_str(), n, w.values.data(), w.lengths.data(),
                                              w.formats.data());
        session_.note_command(result_.get());
        return;
    }
    session_.settle();
    if (prepared_in_ != session_.generation()) {
        // Prepared with the types of this first use; a later use with other
        // types (a NULL where an integer was) runs unnamed instead.
        if (name_.empty()) name_ = session_.next_statement_name();
        std::unique_ptr<PGresult, PgResultClear> prepared(
            PQprepare(conn, name_.c_str(), sql_.c_str(), n, w.types.data()));
        if (!prepared || PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) session_.fail(prepared.get(), original_);
        prepared_in_ = session_.generation();
        prepared_types_ = w.types;
    }
    if (w.types == prepared_types_) {
        result_.reset(
            PQexecPrepared(conn, name_.c_str(), n, w.values.data(), w.lengths.data(), w.formats.data(), 0));
    } else {
        result_.reset(PQexecParams(conn, sql_.c_str(), n, w.types.data(), w.values.data(), w.lengths.data(),
                                   w.formats.data(), 0));
    }
    ExecStatusType status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        std::unique_ptr<PGresult, PgResultClear> failed = std::move(result_);
        session_.fail(failed.get(), original_);
    }
    session_.note_command(result_.get());
}

void PgStatement::defer() {
    Wire w = wire();
    if (session_.tx() != PgSession::Tx::write || !prepared_for(w)) {
        // Its first use on this connection (it is prepared now), other types,
        // or outside a write transaction: run at once.
        execute();
        result_.reset();
        return;
    }
    session_.send_deferred(original_, name_.c_str(), static_cast<int>(params_.size()), w.values.data(),
                           w.lengths.data(), w.formats.data());
}

bool PgStatement::step() {
    if (!result_) {
        execute();
        row_ = -1;
    }
    if (row_ < PQntuples(result_.get())) ++row_;
    return row_ < PQntuples(result_.get());
}

void PgStatement::reset() noexcept {
    result_.reset();
    row_ = -1;
    for (Param& p : params_) p = Param{};
}

bool PgStatement::has_cell(int column) const {
    return result_ && row_ >= 0 && row_ < PQntuples(result_.get()) && column >= 0 && column < PQnfields(result_.get());
}

bool PgStatement::is_null(int column) const {
    return !has_cell(column) || PQgetisnull(result_.get(), row_, column);
}

int64_t PgStatement::int64(int column) const {
    if (is_null(column)) return 0;
    const char* text = PQgetvalue(result_.get(), row_, column);
    if (std::strcmp(text, "t") == 0) return 1;
    if (std::strcmp(text, "f") == 0) return 0;
    return std::strtoll(text, nullptr, 10);
}

std::string PgStatement::value(int column) const {
    if (is_null(column)) return std::string();
    const char* text = PQgetvalue(result_.get(), row_, column);
    size_t size = PQgetlength(result_.get(), row_, column);
    if (PQftype(result_.get(), column) != kBytea || size < 2 || text[0] != '\\' || text[1] != 'x') {
        return std::string(text, size);
    }
    std::string bytes;
    bytes.reserve((size - 2) / 2);
    for (size_t i = 2; i + 1 < size; i += 2) bytes += static_cast<char>(hex_digit(text[i]) * 16 + hex_digit(text[i + 1]));
    return bytes;
}

}  // namespace guichet
