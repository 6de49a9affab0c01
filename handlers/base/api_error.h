// The contract's error shape, and the one place where a typed error becomes HTTP.
//
// Every handler throws ApiError (or lets a Db/Crypto failure become one); the
// serve loop catches it and answers {"error", "message", "fields"?} with the
// status of the error's code. Messages come from one bilingual catalogue.
#pragma once

#include <map>
#include <stdexcept>
#include <string>

namespace guichet {

enum class Lang { fr, en };

class ApiError : public std::runtime_error {
public:
    // code: a catalogue code ("not_compliant", "bad_request", ...).
    explicit ApiError(std::string code, std::map<std::string, std::string> fields = {});
    ApiError(std::string code, std::string detail, std::map<std::string, std::string> fields = {});

    const std::string& code() const { return code_; }
    const std::string& detail() const { return detail_; }
    const std::map<std::string, std::string>& fields() const { return fields_; }
    int status() const;
    int retry_after() const { return retry_after_; }
    ApiError& with_retry_after(int seconds) { retry_after_ = seconds; return *this; }
    // Extra members merged into the error object (for example opens_at on 425).
    ApiError& with_extra(std::string key, std::string value);
    const std::map<std::string, std::string>& extra() const { return extra_; }

private:
    std::string code_;
    std::string detail_;
    std::map<std::string, std::string> fields_;
    std::map<std::string, std::string> extra_;
    int retry_after_ = 0;
};

// Status for a catalogue code; 500 for an unknown code (a bug, logged).
int error_status(const std::string& code);
// Message in the given language; falls back to the code itself.
std::string error_message(const std::string& code, Lang lang);
// Whether the code is in the catalogue (tests use it to keep the catalogue whole).
bool error_known(const std::string& code);

}  // namespace guichet
