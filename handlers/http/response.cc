#include "http/response.h"

#include "base/json.h"

namespace guichet {

std::string Response::header_value(const std::string& name) const {
    for (const auto& [key, value] : headers) {
        if (key == name) return value;
    }
    return "";
}

Response json_response(int status, const json_t* body) {
    Response response;
    response.status = status;
    response.header("Content-Type", "application/json; charset=utf-8");
    response.header("Cache-Control", "no-store");
    response.body = json_dump(body);
    response.body += '\n';
    return response;
}

Response no_content() {
    Response response;
    response.status = 204;
    response.header("Cache-Control", "no-store");
    return response;
}

Response error_response(const ApiError& error, Lang lang) {
    Json body(json_object());
    json_object_set_new(body.get(), "error", json_str(error.code()));
    json_object_set_new(body.get(), "message", json_str(err_message(error.err(), lang)));
    if (!error.fields().empty()) {
        json_t* fields = json_object();
        for (const auto& [key, value] : error.fields()) json_object_set_new(fields, key.c_str(), json_str(value));
        json_object_set_new(body.get(), "fields", fields);
    }
    for (const auto& [key, value] : error.extra()) json_object_set_new(body.get(), key.c_str(), json_str(value));
    Response response = json_response(error.status(), body.get());
    if (error.retry_after() > 0) {
        response.header("Retry-After", std::to_string(error.retry_after()));
    } else if (error.status() == 503) {
        response.header("Retry-After", "5");
    } else if (error.status() == 429) {
        response.header("Retry-After", "10");
    }
    if (error.status() == 405) response.header("Allow", error.detail());
    return response;
}

ApiError api_error_of(const StoreError& error) {
    switch (error.kind()) {
        case StoreError::Kind::unavailable: return ApiError(Err::unavailable, error.what()).with_retry_after(5);
        case StoreError::Kind::constraint: return ApiError(Err::conflict, error.what());
        case StoreError::Kind::too_big: return ApiError(Err::too_large, error.what());
        case StoreError::Kind::bug: break;
    }
    return ApiError(Err::internal, error.what());
}

const char* status_reason(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Content Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Content";
        case 425: return "Too Early";
        case 429: return "Too Many Requests";
        case 503: return "Service Unavailable";
        default: return status < 400 ? "OK" : "Error";
    }
}

}  // namespace guichet
