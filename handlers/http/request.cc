#include "http/request.h"

#include <arpa/inet.h>

#include <cstring>

#include <cctype>

namespace guichet {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    }
    return true;
}

}  // namespace

std::string Request::path() const {
    std::string uri = param("DOCUMENT_URI");
    if (uri.empty()) {
        uri = param("REQUEST_URI");
        size_t q = uri.find('?');
        if (q != std::string::npos) uri.resize(q);
    }
    return uri;
}

std::string Request::header(std::string_view name) const {
    std::string key = "HTTP_";
    for (char c : name) {
        key += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return param(key.c_str());
}

std::string client_key(const std::string& address) {
    in6_addr v6{};
    if (address.find(':') == std::string::npos || inet_pton(AF_INET6, address.c_str(), &v6) != 1) return address;
    std::memset(v6.s6_addr + 8, 0, 8);
    char text[INET6_ADDRSTRLEN];
    if (!inet_ntop(AF_INET6, &v6, text, sizeof text)) return address;
    return std::string(text) + "/64";
}

std::string Request::client() const { return client_key(remote_addr()); }

std::string Request::cookie(std::string_view name) const { return cookie_value(param("HTTP_COOKIE"), name); }

Lang Request::lang() const { return choose_lang(cookie("lang"), param("HTTP_ACCEPT_LANGUAGE")); }

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        size_t end = header.find(';');
        std::string_view pair = trim(header.substr(0, end));
        header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
        size_t eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        if (trim(pair.substr(0, eq)) != name) continue;
        std::string_view value = trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
    }
    return "";
}

Lang choose_lang(std::string_view lang_cookie, std::string_view accept_language) {
    if (lang_cookie == "en") return Lang::en;
    if (lang_cookie == "fr") return Lang::fr;
    // First language range that is fr or en wins; quality values are ignored
    // on purpose: browsers list their preferred language first.
    while (!accept_language.empty()) {
        size_t end = accept_language.find(',');
        std::string_view range = trim(accept_language.substr(0, end));
        accept_language = end == std::string_view::npos ? std::string_view() : accept_language.substr(end + 1);
        if (iequals_prefix(range, "fr")) return Lang::fr;
        if (iequals_prefix(range, "en")) return Lang::en;
    }
    return Lang::fr;
}

}  // namespace guichet
