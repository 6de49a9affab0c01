// What the store throws: a storage failure, in the store's own terms. The
// http layer (http/serve) maps it to the contract once: unavailable → 503
// with Retry-After, constraint → 409 conflict, too_big → 413, bug → 500.
#pragma once

#include <stdexcept>
#include <string>

namespace guichet {

class StoreError : public std::runtime_error {
public:
    enum class Kind {
        unavailable,  // busy, locked, disk full, I/O error: a retry may succeed
        constraint,   // a uniqueness or check constraint refused the write
        too_big,      // a value over the store's limits
        bug,          // a misuse (bad SQL, wrong binding): a defect to fix
    };
    StoreError(Kind kind, const std::string& detail) : std::runtime_error(detail), kind_(kind) {}
    Kind kind() const { return kind_; }
    bool retryable() const { return kind_ == Kind::unavailable; }

private:
    Kind kind_;
};

}  // namespace guichet
