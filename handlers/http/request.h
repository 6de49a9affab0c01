// What a handler sees of an HTTP request. The FastCGI implementation reads
// nginx's parameters; tests build a TestRequest. Handlers never touch libfcgi.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/api_error.h"

namespace guichet {

class Request {
public:
    virtual ~Request() = default;
    // A CGI/FastCGI parameter ("REQUEST_METHOD", "HTTP_COOKIE", ...); "" when absent.
    virtual std::string param(const char* name) const = 0;
    // The request body, at most `limit` bytes; throws ApiError(Err::too_large) past it.
    virtual std::string body(size_t limit) const = 0;
    // Reads up to `size` more bytes of the body into `buffer`; 0 at its end. For
    // a body streamed to disk (an upload) rather than held in memory.
    virtual size_t read_body(char* buffer, size_t size) const = 0;

    std::string method() const { return param("REQUEST_METHOD"); }
    // The path without the query string ("/api/window").
    std::string path() const;
    std::string query() const { return param("QUERY_STRING"); }
    std::string header(std::string_view name) const;  // header("Sec-Fetch-Site")
    std::string cookie(std::string_view name) const;
    std::string remote_addr() const { return param("REMOTE_ADDR"); }
    // The client, as the per-client limits count it (client_key).
    std::string client() const;
    // The lang cookie wins, then Accept-Language, then French.
    Lang lang() const;
};

// Parses one cookie out of a Cookie header; "" when absent or malformed.
std::string cookie_value(std::string_view header, std::string_view name);
// Chooses fr or en from a lang cookie value and an Accept-Language header.
Lang choose_lang(std::string_view lang_cookie, std::string_view accept_language);

// The client of an address, as nginx's per-client caps count it
// (nginx/guichet.conf.in): an IPv4 address as it is, an IPv6 address's /64
// ("2001:db8:1:2::/64"); anything else as it is.
std::string client_key(const std::string& address);

}  // namespace guichet
