#include "admin/admin_api.h"

#include "domain/audit.h"
#include "base/clock.h"
#include "http/csrf.h"

namespace guichet::admin {

namespace {

constexpr const char kPrefix[] = "/api/admin/";

void require_method(const Request& request, const char* allowed_list, std::initializer_list<const char*> allowed) {
    std::string method = request.method();
    for (const char* m : allowed) {
        if (method == m) return;
    }
    throw ApiError("method_not_allowed", allowed_list);
}

}  // namespace

std::string body_or_empty_object(const Request& request) {
    std::string body = request.body(16 * 1024);
    return body.empty() ? "{}" : body;
}

void audit(Context& context, const Request& request, const std::string& who, const std::string& action,
           const json_t* before, const json_t* after) {
    Transaction tx(context.db, Transaction::write);
    append_audit(context.db, who, action, before, after, request.remote_addr(), now_ms());
    tx.commit();
}

Response handle(const Request& request, Context& context) {
    std::string path = request.path();
    if (path.compare(0, sizeof kPrefix - 1, kPrefix) != 0) throw ApiError("not_found");
    std::string route = path.substr(sizeof kPrefix - 1);
    std::string group = route.substr(0, route.find('/'));
    std::string sub = route.size() > group.size() ? route.substr(group.size() + 1) : "";

    // Method and path first, then the cross-site check, then the session.
    if (route == "session") {
        require_method(request, "GET, POST, DELETE", {"GET", "POST", "DELETE"});
        require_same_origin(request, context.origin);
        if (request.method() == "POST") return login(request, context);
        Admin admin = require_admin(request, context);
        if (request.method() == "GET") return session_info(admin);
        return logout(request, context, admin);
    }
    if (group == "banner") {
        if (sub.empty()) require_method(request, "GET, PUT", {"GET", "PUT"});
        else if (sub == "preview") require_method(request, "POST", {"POST"});
        else if (sub == "templates") require_method(request, "GET", {"GET"});
        else throw ApiError("not_found");
        require_same_origin(request, context.origin);
        return banner_route(request, context, require_admin(request, context), sub);
    }
    if (group == "window") {
        if (sub.empty()) require_method(request, "GET, PUT", {"GET", "PUT"});
        else if (sub == "pause" || sub == "resume" || sub == "close" || sub == "draw") require_method(request, "POST", {"POST"});
        else throw ApiError("not_found");
        require_same_origin(request, context.origin);
        return window_route(request, context, require_admin(request, context), sub);
    }
    if (route == "stats" || route == "claims.csv" || route == "claims.json" || route == "audit" ||
        route == "audit.csv") {
        require_method(request, "GET", {"GET"});
        return report_route(request, context, require_admin(request, context), route);
    }
    throw ApiError("not_found");
}

}  // namespace guichet::admin
