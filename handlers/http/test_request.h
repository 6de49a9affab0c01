// A Request built by hand, for unit tests and fuzz harnesses.
#pragma once

#include <algorithm>
#include <map>
#include <string>

#include "http/request.h"

namespace guichet {

class TestRequest : public Request {
public:
    TestRequest(std::string method, std::string path, std::string body = "") : body_(std::move(body)) {
        params_["REQUEST_METHOD"] = std::move(method);
        params_["DOCUMENT_URI"] = std::move(path);
        params_["REMOTE_ADDR"] = "127.0.0.1";
    }
    TestRequest& set(const std::string& name, std::string value) {
        params_[name] = std::move(value);
        return *this;
    }
    std::string param(const char* name) const override {
        auto it = params_.find(name);
        return it == params_.end() ? "" : it->second;
    }
    std::string body(size_t limit) const override {
        if (body_.size() > limit) throw ApiError(Err::too_large);
        return body_;
    }
    size_t read_body(char* buffer, size_t size) const override {
        size_t n = std::min(size, body_.size() - read_);
        body_.copy(buffer, n, read_);
        read_ += n;
        return n;
    }

private:
    std::map<std::string, std::string> params_;
    std::string body_;
    mutable size_t read_ = 0;
};

}  // namespace guichet
