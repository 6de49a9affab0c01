#include <algorithm>
#include <cstring>
#include <string>

#include "domain/program.h"

namespace guichet {

namespace {

// ISO 3166-1 alpha-2, every officially assigned code, sorted: generated at
// build time from Debian's iso-codes (tools/gen-countries, into $(BUILD)/gen),
// the same list the site's static/assets/countries.js is generated from.
const char* const kCountries[] = {
#include "countries.inc"
};

}  // namespace

bool valid_country(const std::string& code) {
    if (code.size() != 2) return false;
    return std::binary_search(std::begin(kCountries), std::end(kCountries), code.c_str(),
                              [](const char* a, const char* b) { return std::strcmp(a, b) < 0; });
}

}  // namespace guichet
