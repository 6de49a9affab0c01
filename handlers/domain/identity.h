// One place per person: who a dossier's holder is, as the claim compares it
// across accounts (docs/claims.md, "One place per person").
//
// A person is the passport's issuing country and number, each in its one
// written form (base/passport_number.h). They are compared through a keyed
// hash, HMAC-SHA256 with the server's identity key (keys/identity.key, read by
// the claim pool alone): the database holds the hash, never a second copy of
// the number, and without the key nobody can test a guessed number against it.
#pragma once

#include <jansson.h>

#include <optional>
#include <string>
#include <string_view>

#include "domain/program.h"

namespace guichet {

// The key's file under the keys folder, and its least length in bytes.
inline constexpr const char* kIdentityKeyFile = "identity.key";
inline constexpr size_t kIdentityKeyBytes = 32;

// An ISO 3166-1 alpha-2 code in capitals ("fr" is "FR"), or nullopt.
std::optional<std::string> normalise_country(std::string_view text);

// HMAC-SHA256(key, "guichet identity v1\n" COUNTRY "\n" NUMBER), 32 raw bytes,
// over the normalised forms; nullopt when either is refused.
std::optional<std::string> identity_hash(std::string_view key, std::string_view country, std::string_view number);

// The identity of a stored dossier under the program's declaration: nullopt
// when the program declares none. Throws ApiError not_compliant naming the
// field when its answer cannot be normalised (a dossier the compliance rule
// passed always can: the declaration requires the rules that make it so).
std::optional<std::string> dossier_identity(const Program& program, const json_t* fields, std::string_view key);

}  // namespace guichet
