// Fuzzes the passport number's one written form and the identity hash over it
// (base/passport_number.h, domain/identity.h), with the properties the claim
// relies on: only A-Z and 0-9 come out, the form is its own normal form, and
// two texts have one identity exactly when they have one form.
#include <cstdint>
#include <string>

#include "base/passport_number.h"
#include "domain/identity.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace guichet;
    static const std::string kKey(32, 'k');
    std::string text(reinterpret_cast<const char*>(data), size);
    std::optional<std::string> number = normalise_passport_number(text);
    if (number) {
        if (number->empty() || number->size() > text.size()) __builtin_trap();
        for (char c : *number) {
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) __builtin_trap();
        }
        if (normalise_passport_number(*number) != number) __builtin_trap();
    }
    std::optional<std::string> hash = identity_hash(kKey, "fr", text);
    if (hash.has_value() != number.has_value()) __builtin_trap();
    if (hash && (hash->size() != 32 || identity_hash(kKey, "FR", *number) != hash)) __builtin_trap();
    // Split in two: a country (any two bytes) and a number; never throws, and
    // a country is at most the two capitals it normalises to.
    if (size >= 2) {
        std::optional<std::string> country = normalise_country(text.substr(0, 2));
        if (country && (country->size() != 2 || normalise_country(*country) != country)) __builtin_trap();
        (void)identity_hash(kKey, text.substr(0, 2), text.substr(2));
    }
    return 0;
}
