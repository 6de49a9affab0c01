// A small HTTP client for the integration tests (libcurl), with a cookie jar
// per client so each one is one candidate's browser.
#pragma once

#include <curl/curl.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace guichet::test {

struct HttpResponse {
    long status = 0;           // 0 when the connection failed
    std::string body;
    std::map<std::string, std::string> headers;  // lowercase names; last value wins
    std::vector<std::string> set_cookies;
    std::string header(const std::string& lowercase_name) const;
};

class HttpClient {
public:
    explicit HttpClient(std::string base_url);  // "http://127.0.0.1:PORT"
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends a request; headers are "Name: value". State-changing requests get
    // the site's Origin unless `headers` already names one (or "Origin:" to omit).
    HttpResponse request(const std::string& method, const std::string& path, const std::string& body = "",
                         std::vector<std::string> headers = {}, long timeout_ms = 10000);
    HttpResponse get(const std::string& path) { return request("GET", path); }
    HttpResponse post(const std::string& path, const std::string& body) { return request("POST", path, body); }
    HttpResponse put(const std::string& path, const std::string& body) { return request("PUT", path, body); }
    HttpResponse del(const std::string& path) { return request("DELETE", path); }
    // A cookie as the client holds it ("" when absent).
    std::string cookie(const std::string& name) const;
    void set_cookie(const std::string& name, const std::string& value);
    void clear_cookies();
    const std::string& base_url() const { return base_; }

private:
    std::string base_;
    CURL* curl_;
};

}  // namespace guichet::test
