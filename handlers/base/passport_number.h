// A passport number's one written form, so that the same passport typed in
// different ways is the same passport (one place per person, docs/claims.md).
//
// ICAO 9303 (machine-readable travel documents) writes a document number in
// capital Latin letters and digits only. People type it with spaces, dashes or
// dots, in lower case, or with a phone's or an East Asian keyboard's
// full-width forms. The rule, code point by code point:
// - full-width forms U+FF01..U+FF5E are read as the ASCII they stand for
//   ("ＡＢ１２" is "AB12");
// - separators are dropped: ASCII space, tab, '-' and '.', and the Unicode
//   spaces, invisible joiners, hyphens, dashes, minus signs and full stops a
//   paste may bring (the list is in passport_number.cc);
// - a-z become A-Z; A-Z and 0-9 are kept;
// - anything else refuses the whole text: Cyrillic or Greek look-alikes
//   ("АВ" in Cyrillic), other scripts' digits, '/', '<', control characters.
//   Look-alikes are refused rather than mapped because no mapping is ever
//   complete, and no passport holds them: a hash could otherwise be escaped by
//   writing one letter in another script.
// Text that is not UTF-8, or holds nothing once the separators are dropped,
// is refused as well.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guichet {

// The normalised number (A-Z, 0-9, at least one), or nullopt when refused.
std::optional<std::string> normalise_passport_number(std::string_view text);

}  // namespace guichet
