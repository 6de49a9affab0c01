// The contract's error shape, and the one place where a typed error becomes HTTP.
//
// Handlers and domain rules throw ApiError with a code of the catalogue
// (base/errors.def, enum class Err: a misspelt code does not compile); the
// store throws StoreError, which the http layer maps to one of these. The
// serve loop catches it and answers {"error", "message", "fields"?} with the
// status of the error's code, its message in the request's language.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace guichet {

enum class Lang { fr, en };

enum class Err {
#define GUICHET_ERROR(code, status, fr, en) code,
#include "base/errors.def"
#undef GUICHET_ERROR
};

inline constexpr int kErrCount = 0
#define GUICHET_ERROR(code, status, fr, en) +1
#include "base/errors.def"
#undef GUICHET_ERROR
    ;

// The code's name ("not_compliant"), its status and its message.
const char* err_code(Err err);
int err_status(Err err);
const char* err_message(Err err, Lang lang);
// The code named `name`, if the catalogue has it.
bool err_from_code(const std::string& name, Err* err);

class ApiError : public std::runtime_error {
public:
    explicit ApiError(Err err, std::map<std::string, std::string> fields = {});
    ApiError(Err err, std::string detail, std::map<std::string, std::string> fields = {});

    Err err() const { return err_; }
    std::string code() const { return err_code(err_); }
    const std::string& detail() const { return detail_; }
    const std::map<std::string, std::string>& fields() const { return fields_; }
    int status() const { return err_status(err_); }
    int retry_after() const { return retry_after_; }
    ApiError& with_retry_after(int seconds) { retry_after_ = seconds; return *this; }
    // Extra members merged into the error object (for example opens_at on 425).
    ApiError& with_extra(std::string key, std::string value);
    const std::map<std::string, std::string>& extra() const { return extra_; }

private:
    Err err_;
    std::string detail_;
    std::map<std::string, std::string> fields_;
    std::map<std::string, std::string> extra_;
    int retry_after_ = 0;
};

}  // namespace guichet
