#include "http/routes.h"

#include <algorithm>
#include <cstdlib>

namespace guichet {

namespace {

bool accepts(const RouteRule& rule, const std::string& method) {
    for (const std::string& allowed : rule.methods) {
        if (allowed == method || (allowed == "GET" && method == "HEAD")) return true;
    }
    return false;
}

// "GET, HEAD, PUT": the methods of every route with this path, in table order.
std::string allow_list(const std::vector<const RouteRule*>& rules, const std::string& path) {
    std::vector<std::string> methods;
    for (const RouteRule* rule : rules) {
        if (!path_matches(rule->path, path)) continue;
        for (const std::string& method : rule->methods) {
            if (std::find(methods.begin(), methods.end(), method) != methods.end()) continue;
            methods.push_back(method);
            if (method == "GET") methods.push_back("HEAD");
        }
    }
    std::string out;
    for (const std::string& method : methods) out += (out.empty() ? "" : ", ") + method;
    return out;
}

void check_body(const RouteRule& rule, const Request& request) {
    std::string length_text = request.param("CONTENT_LENGTH");
    if (rule.body_limit != kNoBody && !length_text.empty()) {
        char* end = nullptr;
        unsigned long long length = std::strtoull(length_text.c_str(), &end, 10);
        if (*end != '\0') throw ApiError(Err::bad_request, "content-length");
        if (length > rule.body_limit) throw ApiError(Err::too_large);
    }
    if (!rule.content_type.empty() && media_type(request.param("CONTENT_TYPE")) != rule.content_type) {
        throw ApiError(Err::unsupported_media_type, "content-type");
    }
}

}  // namespace

bool path_matches(const std::string& pattern, const std::string& path) {
    size_t open = pattern.find('{');
    if (open == std::string::npos) return pattern == path;
    size_t close = pattern.find('}', open);
    std::string prefix = pattern.substr(0, open);
    std::string suffix = pattern.substr(close + 1);
    if (path.size() <= prefix.size() + suffix.size()) return false;
    if (path.compare(0, prefix.size(), prefix) != 0) return false;
    if (path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
    std::string param = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    return param.find('/') == std::string::npos;
}

std::string media_type(const std::string& content_type) {
    std::string media = content_type.substr(0, content_type.find(';'));
    while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.pop_back();
    for (char& c : media) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return media;
}

size_t match_route(const std::vector<const RouteRule*>& rules, const Request& request) {
    std::string path = request.path();
    std::string method = request.method();
    bool path_known = false;
    for (size_t i = 0; i < rules.size(); ++i) {
        if (!path_matches(rules[i]->path, path)) continue;
        path_known = true;
        if (!accepts(*rules[i], method)) continue;
        check_body(*rules[i], request);
        return i;
    }
    if (path_known) throw ApiError(Err::method_not_allowed, allow_list(rules, path));
    throw ApiError(Err::not_found);
}

}  // namespace guichet
