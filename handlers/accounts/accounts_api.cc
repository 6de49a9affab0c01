#include "accounts/accounts_api.h"

#include "crypto/password.h"
#include "http/csrf.h"

namespace guichet::accounts {

Context::Context(Config config_in, Db db_in, CommonPasswords common_in)
    : config(std::move(config_in)), db(std::move(db_in)), common_passwords(std::move(common_in)) {
    dummy_hash = dummy_password_hash(config.pbkdf2_iterations, random);
}

Response handle(const Request& request, Context& context) {
    std::string path = request.path();
    std::string method = request.method();
    if (path == "/api/accounts") {
        if (method == "POST") return create_account(request, context);
        throw ApiError("method_not_allowed", "POST");
    }
    if (path == "/api/session") {
        if (method == "POST") return log_in(request, context);
        if (method == "DELETE") return log_out(request, context);
        throw ApiError("method_not_allowed", "POST, DELETE");
    }
    if (path == "/api/me") {
        if (method == "GET" || method == "HEAD") return show_me(request, context);
        throw ApiError("method_not_allowed", "GET, HEAD");
    }
    throw ApiError("not_found");
}

std::string checked_json_body(const Request& request, const Context& context) {
    require_same_origin(request, context.config.origin);
    std::string type = request.param("CONTENT_TYPE");
    std::string media = type.substr(0, type.find(';'));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    for (char& c : media) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (media != "application/json") throw ApiError("unsupported_media_type", "content-type");
    return request.body(kBodyLimit);
}

std::string common_passwords_path(const Config& config) {
    std::string dir = config.program_path.substr(0, config.program_path.rfind('/') + 1);
    return env_or("GUICHET_COMMON_PASSWORDS", dir + "common-passwords.txt");
}

}  // namespace guichet::accounts
