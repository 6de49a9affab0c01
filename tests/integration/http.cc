#include "tests/integration/http.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace guichet::test {

namespace {

size_t write_body(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

size_t write_header(char* data, size_t size, size_t count, void* out) {
    auto* response = static_cast<HttpResponse*>(out);
    std::string line(data, size * count);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(value.begin());
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
        if (name == "set-cookie") response->set_cookies.push_back(value);
        response->headers[name] = value;
    } else if (line.rfind("HTTP/", 0) == 0) {
        response->headers.clear();  // a new response (after 100-continue)
        response->set_cookies.clear();
    }
    return size * count;
}

struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

HttpClient::HttpClient(std::string base_url) : base_(std::move(base_url)), curl_(curl_easy_init()) {
    if (!curl_) throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // an in-memory cookie jar
}

HttpClient::~HttpClient() { curl_easy_cleanup(curl_); }

HttpResponse HttpClient::request(const std::string& method, const std::string& path, const std::string& body,
                                 std::vector<std::string> headers, long timeout_ms) {
    HttpResponse response;
    std::string url = base_ + path;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl_, CURLOPT_NOBODY, method == "HEAD" ? 1L : 0L);
    bool has_origin = std::any_of(headers.begin(), headers.end(), [](const std::string& h) {
        return h.rfind("Origin:", 0) == 0 || h.rfind("origin:", 0) == 0;
    });
    if (method != "GET" && method != "HEAD" && !has_origin) headers.push_back("Origin: " + base_);
    bool has_type = std::any_of(headers.begin(), headers.end(),
                                [](const std::string& h) { return h.rfind("Content-Type:", 0) == 0; });
    if (!body.empty() && !has_type) headers.push_back("Content-Type: application/json");
    headers.push_back("Expect:");
    std::unique_ptr<curl_slist, SlistFree> list;
    for (const std::string& header : headers) list.reset(curl_slist_append(list.release(), header.c_str()));
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list.get());
    if (method == "GET" || method == "HEAD") {
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, nullptr);
        curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method == "HEAD" ? "HEAD" : nullptr);
    } else {
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl_, CURLOPT_COPYPOSTFIELDS, body.c_str());
        curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(curl_) == CURLE_OK) {
        curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &response.status);
    } else {
        response.status = 0;
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, nullptr);
    return response;
}

std::string HttpClient::cookie(const std::string& name) const {
    curl_slist* cookies = nullptr;
    curl_easy_getinfo(curl_, CURLINFO_COOKIELIST, &cookies);
    std::unique_ptr<curl_slist, SlistFree> owner(cookies);
    for (curl_slist* c = cookies; c; c = c->next) {
        // Netscape format: domain, flag, path, secure, expiry, name, value (tab-separated).
        std::string line = c->data;
        std::vector<std::string> parts;
        size_t start = 0;
        for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
            parts.push_back(line.substr(start, tab - start));
        }
        parts.push_back(line.substr(start));
        if (parts.size() >= 7 && parts[5] == name) return parts[6];
    }
    return "";
}

void HttpClient::set_cookie(const std::string& name, const std::string& value) {
    // Netscape cookie-file format: host, subdomains, path, secure, expiry, name, value.
    std::string host = base_.substr(base_.find("//") + 2);
    host = host.substr(0, host.find(':'));
    std::string line = host + "\tFALSE\t/\tFALSE\t0\t" + name + "\t" + value;
    curl_easy_setopt(curl_, CURLOPT_COOKIELIST, line.c_str());
}

void HttpClient::clear_cookies() { curl_easy_setopt(curl_, CURLOPT_COOKIELIST, "ALL"); }

}  // namespace guichet::test
