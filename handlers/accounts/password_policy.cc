#include "accounts/password_policy.h"

#include <stdexcept>

#include "base/files.h"
#include "base/validate.h"

namespace guichet::accounts {

namespace {

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

}  // namespace

CommonPasswords CommonPasswords::parse(std::string_view text) {
    CommonPasswords list;
    while (!text.empty()) {
        size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        list.entries_.insert(ascii_lower(line));
    }
    return list;
}

CommonPasswords CommonPasswords::load(const std::string& path) {
    std::optional<std::string> text = read_file(path);
    if (!text) throw std::runtime_error("cannot read the common password list: " + path);
    CommonPasswords list = parse(*text);
    if (list.size() == 0) throw std::runtime_error("common password list is empty: " + path);
    return list;
}

bool CommonPasswords::contains(std::string_view password) const {
    return entries_.count(ascii_lower(password)) != 0;
}

std::string password_problem(std::string_view password, std::string_view email, const CommonPasswords& common) {
    if (ascii_lower(password) == email) return field_error::same_as_email;
    if (common.contains(password)) return field_error::too_common;
    return "";
}

}  // namespace guichet::accounts
