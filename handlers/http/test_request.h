// A Request built by hand, for unit tests and fuzz harnesses.
#pragma once

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

private:
    std::map<std::string, std::string> params_;
    std::string body_;
};

}  // namespace guichet
