// What a handler answers. Serialised once, by the serve loop.
#pragma once

#include <jansson.h>

#include <string>
#include <utility>
#include <vector>

#include "base/api_error.h"
#include "store/store_error.h"

namespace guichet {

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    Response& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    // The value of a header set on this response, "" if none (tests use it).
    std::string header_value(const std::string& name) const;
};

// 2xx with a JSON body (application/json; charset=utf-8, no caching).
Response json_response(int status, const json_t* body);
Response no_content();
// The contract's error shape for a typed error, in the request's language.
Response error_response(const ApiError& error, Lang lang);
// The contract's error for a storage failure: the one mapping of StoreError
// (unavailable → 503 unavailable, constraint → 409 conflict, too_big → 413
// too_large, bug → 500 internal), keeping the store's text as the detail.
ApiError api_error_of(const StoreError& error);
// "HTTP/1.1"-style reason phrase, for the Status line.
const char* status_reason(int status);

}  // namespace guichet
