#include "http/csrf.h"

namespace guichet {

bool changes_state(const std::string& method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

void require_same_origin(const Request& request, const std::string& expected_origin) {
    if (!changes_state(request.method())) return;
    std::string fetch_site = request.header("Sec-Fetch-Site");
    if (!fetch_site.empty() && fetch_site != "same-origin") throw ApiError(Err::cross_site, "sec-fetch-site");
    std::string origin = request.header("Origin");
    if (origin.empty()) {
        if (fetch_site == "same-origin") return;
        throw ApiError(Err::cross_site, "no origin");
    }
    std::string expected = expected_origin;
    if (expected.empty()) {
        std::string scheme = request.param("REQUEST_SCHEME");
        expected = (scheme.empty() ? "http" : scheme) + "://" + request.header("Host");
    }
    if (origin != expected) throw ApiError(Err::cross_site, "origin");
}

}  // namespace guichet
