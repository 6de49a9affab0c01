// Which passwords an account may have: 10 to 128 characters (code points) of
// any UTF-8 text, not the email address itself, not one of the common
// passwords of db/common-passwords.txt (compared without regard to ASCII case).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "base/validate.h"

namespace guichet::accounts {

inline constexpr int kPasswordMinLength = 10;
inline constexpr int kPasswordMaxLength = 128;

class CommonPasswords {
public:
    CommonPasswords() = default;
    // One password a line; blank lines and lines starting with '#' are skipped.
    static CommonPasswords parse(std::string_view text);
    // Reads a list file; throws std::runtime_error when it cannot be read or is empty.
    static CommonPasswords load(const std::string& path);
    bool contains(std::string_view password) const;
    size_t size() const { return entries_.size(); }

private:
    std::unordered_set<std::string> entries_;  // ASCII-lowercased
};

// "" when the password (already length-checked by the input declaration) is
// acceptable for an account with this normalised email; else a field code.
std::string password_problem(std::string_view password, std::string_view email, const CommonPasswords& common);

}  // namespace guichet::accounts
