// A handler's route table, and the one dispatcher that checks a request
// against it before any handler code (or database work) runs.
//
// Each route declares its methods, its path (exact, or with one "{param}"
// segment, such as /api/documents/{kind}), the media type its body must have
// ("" when none is checked), and its body limit. The dispatcher answers, in
// the contract's error shape:
//   404 not_found               no route has the path
//   405 method_not_allowed      the path exists, not with this method; Allow
//                               lists the path's methods (HEAD wherever GET is)
//   413 too_large               Content-Length over the route's limit
//   415 unsupported_media_type  Content-Type's media type is not the route's
// and otherwise calls the route's handler.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace guichet {

// A route whose handler reads no body: its Content-Length is not checked.
inline constexpr size_t kNoBody = 0;

// What a route accepts, checked before its handler runs.
struct RouteRule {
    std::vector<std::string> methods;  // "GET" also accepts HEAD
    std::string path;                  // "/api/me" or "/api/documents/{kind}"
    std::string content_type;          // "application/json"; "" accepts any
    size_t body_limit = kNoBody;       // bytes the Content-Length may declare
};

// Whether path matches the route's path (a "{param}" matches one non-empty
// segment without '/').
bool path_matches(const std::string& pattern, const std::string& path);
// "application/json" from "Application/JSON ; charset=utf-8".
std::string media_type(const std::string& content_type);
// Index of the rule the request names; throws the ApiError the dispatcher
// answers with when there is none (see above).
size_t match_route(const std::vector<const RouteRule*>& rules, const Request& request);

template <class Context>
struct Route {
    RouteRule rule;
    Response (*handle)(const Request& request, Context& context);
};

template <class Context>
using RouteTable = std::vector<Route<Context>>;

// Checks the request against the table, then calls its route's handler.
template <class Context>
Response dispatch(const RouteTable<Context>& table, const Request& request, Context& context) {
    std::vector<const RouteRule*> rules;
    rules.reserve(table.size());
    for (const Route<Context>& route : table) rules.push_back(&route.rule);
    return table[match_route(rules, request)].handle(request, context);
}

}  // namespace guichet
