#include "base/api_error.h"

namespace guichet {

namespace {

struct CatalogueEntry {
    const char* code;
    int status;
    const char* fr;
    const char* en;
};

// In the order of enum class Err.
const CatalogueEntry kCatalogue[] = {
#define GUICHET_ERROR(code, status, fr, en) {#code, status, fr, en},
#include "base/errors.def"
#undef GUICHET_ERROR
};

const CatalogueEntry& entry(Err err) { return kCatalogue[static_cast<size_t>(err)]; }

}  // namespace

const char* err_code(Err err) { return entry(err).code; }
int err_status(Err err) { return entry(err).status; }
const char* err_message(Err err, Lang lang) { return lang == Lang::en ? entry(err).en : entry(err).fr; }

bool err_from_code(const std::string& name, Err* err) {
    for (size_t i = 0; i < sizeof kCatalogue / sizeof kCatalogue[0]; ++i) {
        if (name == kCatalogue[i].code) {
            *err = static_cast<Err>(i);
            return true;
        }
    }
    return false;
}

ApiError::ApiError(Err err, std::map<std::string, std::string> fields)
    : std::runtime_error(err_code(err)), err_(err), fields_(std::move(fields)) {}

ApiError::ApiError(Err err, std::string detail, std::map<std::string, std::string> fields)
    : std::runtime_error(std::string(err_code(err)) + ": " + detail),
      err_(err),
      detail_(std::move(detail)),
      fields_(std::move(fields)) {}

ApiError& ApiError::with_extra(std::string key, std::string value) {
    extra_[std::move(key)] = std::move(value);
    return *this;
}

}  // namespace guichet
