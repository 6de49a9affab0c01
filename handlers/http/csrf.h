// Cross-site request forgery: a state-changing request must show it comes from
// the site's own pages. Browsers send Origin on every POST/PUT/DELETE and
// Sec-Fetch-Site on every request; a request with neither is refused too.
#pragma once

#include <string>

#include "http/request.h"

namespace guichet {

// Whether the method changes state (everything but GET, HEAD and OPTIONS).
bool changes_state(const std::string& method);
// Throws ApiError(Err::cross_site) when a state-changing request is not same-origin.
// expected_origin: "https://example.org"; empty means scheme://Host of the request.
void require_same_origin(const Request& request, const std::string& expected_origin);

}  // namespace guichet
