#include "domain/identity.h"

#include <map>
#include <stdexcept>

#include "base/api_error.h"
#include "base/passport_number.h"
#include "base/validate.h"
#include "crypto/digest.h"

namespace guichet {

std::optional<std::string> normalise_country(std::string_view text) {
    std::string code = trim_space(text);
    if (code.size() != 2) return std::nullopt;
    for (char& c : code) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c < 'A' || c > 'Z') return std::nullopt;
    }
    return code;
}

std::optional<std::string> identity_hash(std::string_view key, std::string_view country, std::string_view number) {
    std::optional<std::string> issuer = normalise_country(country);
    std::optional<std::string> document = normalise_passport_number(number);
    if (!issuer || !document) return std::nullopt;
    return hmac_sha256(key, "guichet identity v1\n" + *issuer + "\n" + *document);
}

namespace {

using Fields = std::map<std::string, std::string>;

std::string_view answer(const json_t* fields, const std::string& key) {
    const json_t* value = json_object_get(fields, key.c_str());
    if (!json_is_string(value)) return {};
    return std::string_view(json_string_value(value), json_string_length(value));
}

}  // namespace

std::optional<std::string> dossier_identity(const Program& program, const json_t* fields, std::string_view key) {
    if (!program.identity) return std::nullopt;
    if (key.size() < kIdentityKeyBytes) throw std::invalid_argument("identity key missing or too short");
    const ProgramIdentity& declared = *program.identity;
    if (!normalise_country(answer(fields, declared.country))) {
        throw ApiError(Err::not_compliant, Fields{{declared.country, field_error::invalid}});
    }
    std::optional<std::string> hash =
        identity_hash(key, answer(fields, declared.country), answer(fields, declared.number));
    if (!hash) throw ApiError(Err::not_compliant, Fields{{declared.number, field_error::invalid}});
    return hash;
}

}  // namespace guichet
