#include <cstring>

#include "store/pg_session.h"

namespace guichet {

// SQLSTATE classes and codes: PostgreSQL's Appendix A. SQLite's own mapping
// (throw_sqlite, store/db.cc) is the model: what a retry may cure is
// unavailable, a refused constraint is constraint, the rest is a bug.
StoreError::Kind pg_error_kind(const char* sqlstate, bool connection_broken, bool in_read_only_transaction) {
    using Kind = StoreError::Kind;
    if (connection_broken || !sqlstate || std::strlen(sqlstate) != 5) return Kind::unavailable;
    std::string code(sqlstate);
    std::string klass = code.substr(0, 2);
    if (klass == "08") return Kind::unavailable;  // connection exception
    if (klass == "53") return Kind::unavailable;  // insufficient resources: disk full, out of memory, too many connections
    if (klass == "58") return Kind::unavailable;  // system error: I/O
    if (klass == "40") return Kind::unavailable;  // 40001 serialization failure, 40P01 deadlock
    if (klass == "57") return Kind::unavailable;  // 57P01 admin shutdown, 57P02 crash, 57P03 cannot connect now, 57014 timeout
    if (code == "55P03") return Kind::unavailable;  // lock_not_available: the lock timeout, SQLite's busy
    if (code == "25006") return in_read_only_transaction ? Kind::bug : Kind::unavailable;  // a standby refuses writes
    if (klass == "23") return Kind::constraint;   // unique, foreign key, check, not null, restrict (our triggers)
    if (klass == "54" || code == "22001") return Kind::too_big;  // program limit exceeded, string too long
    return Kind::bug;
}

}  // namespace guichet
