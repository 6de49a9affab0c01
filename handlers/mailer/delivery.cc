#include "mailer/delivery.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "base/files.h"

namespace guichet::mailer {

namespace {

struct CurlUrl {
    CURLU* url = curl_url();
    ~CurlUrl() { curl_url_cleanup(url); }
    std::string part(CURLUPart which, unsigned flags = 0) const {
        char* text = nullptr;
        if (curl_url_get(url, which, &text, flags) != CURLUE_OK || !text) return "";
        std::string out = text;
        curl_free(text);
        return out;
    }
};

CurlUrl parse_smtp_url(const std::string& text) {
    CurlUrl parsed;
    if (!parsed.url || curl_url_set(parsed.url, CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
        throw std::runtime_error("GUICHET_SMTP_URL is not a URL: " + text);
    }
    std::string scheme = parsed.part(CURLUPART_SCHEME);
    if (scheme != "smtp" && scheme != "smtps") throw std::runtime_error("GUICHET_SMTP_URL must be smtp:// or smtps://");
    return parsed;
}

// The message, handed to curl in pieces.
struct Upload {
    const std::string* bytes;
    size_t sent = 0;
};
size_t read_piece(char* buffer, size_t size, size_t count, void* data) {
    Upload* upload = static_cast<Upload*>(data);
    size_t n = std::min(size * count, upload->bytes->size() - upload->sent);
    std::memcpy(buffer, upload->bytes->data() + upload->sent, n);
    upload->sent += n;
    return n;
}

class SmtpDelivery : public Delivery {
public:
    explicit SmtpDelivery(const SmtpSettings& settings) : settings_(settings), curl_(curl_easy_init()) {
        if (!curl_) throw std::runtime_error("curl_easy_init failed");
        CurlUrl url = parse_smtp_url(settings.url);
        std::string host = url.part(CURLUPART_HOST);
        std::string port = std::to_string(smtp_port(settings.url));
        // Resolved once, now: the sandboxed mailer reads no resolver file.
        addrinfo hints{};
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        std::string bare = host.size() > 2 && host.front() == '[' ? host.substr(1, host.size() - 2) : host;
        if (getaddrinfo(bare.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
            throw std::runtime_error("cannot resolve the SMTP server " + host);
        }
        char address[NI_MAXHOST];
        int got = getnameinfo(found->ai_addr, found->ai_addrlen, address, sizeof address, nullptr, 0, NI_NUMERICHOST);
        bool v6 = found->ai_family == AF_INET6;
        freeaddrinfo(found);
        if (got != 0) throw std::runtime_error("cannot resolve the SMTP server " + host);
        pinned_ = curl_slist_append(nullptr, (host + ":" + port + ":" + (v6 ? "[" + std::string(address) + "]" : address)).c_str());
    }
    ~SmtpDelivery() override {
        curl_slist_free_all(pinned_);
        curl_easy_cleanup(curl_);
    }

    std::optional<std::string> deliver(const std::string& to, const std::string&, const std::string& bytes) override {
        curl_easy_reset(curl_);
        char error[CURL_ERROR_SIZE] = "";
        Upload upload{&bytes};
        std::string from = "<" + settings_.from + ">";
        curl_slist* recipients = curl_slist_append(nullptr, ("<" + to + ">").c_str());
        curl_easy_setopt(curl_, CURLOPT_URL, settings_.url.c_str());
        curl_easy_setopt(curl_, CURLOPT_RESOLVE, pinned_);
        curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        curl_easy_setopt(curl_, CURLOPT_MAIL_FROM, from.c_str());
        curl_easy_setopt(curl_, CURLOPT_MAIL_RCPT, recipients);
        curl_easy_setopt(curl_, CURLOPT_READFUNCTION, read_piece);
        curl_easy_setopt(curl_, CURLOPT_READDATA, &upload);
        curl_easy_setopt(curl_, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(curl_, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
        curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, 10L);
        curl_easy_setopt(curl_, CURLOPT_TIMEOUT, settings_.timeout_s);
        curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error);
        if (settings_.tls == "try") curl_easy_setopt(curl_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
        if (settings_.tls == "all") curl_easy_setopt(curl_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
        CURLcode result = curl_easy_perform(curl_);
        curl_slist_free_all(recipients);
        if (result == CURLE_OK) return std::nullopt;
        return std::string(curl_easy_strerror(result)) + (error[0] ? std::string(": ") + error : "");
    }

private:
    SmtpSettings settings_;
    CURL* curl_;
    curl_slist* pinned_ = nullptr;
};

class FolderDelivery : public Delivery {
public:
    explicit FolderDelivery(std::string folder) : folder_(std::move(folder)) {}
    std::optional<std::string> deliver(const std::string&, const std::string& message_id,
                                       const std::string& bytes) override {
        std::string name;
        for (char c : message_id) {  // <claim_receipt.12.1796300000000@example.org>: the part before '@'
            if (c == '@') break;
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.' || c == '_') name += c;
        }
        try {
            write_file_atomically(folder_ + "/" + name + ".eml", bytes, 0640);
        } catch (const std::exception& failure) {
            return std::string(failure.what());
        }
        return std::nullopt;
    }

private:
    std::string folder_;
};

}  // namespace

uint16_t smtp_port(const std::string& url) {
    CurlUrl parsed = parse_smtp_url(url);
    std::string port = parsed.part(CURLUPART_PORT);
    if (!port.empty()) return static_cast<uint16_t>(std::stoi(port));
    return parsed.part(CURLUPART_SCHEME) == "smtps" ? 465 : 25;
}

std::unique_ptr<Delivery> smtp_delivery(const SmtpSettings& settings) {
    return std::make_unique<SmtpDelivery>(settings);
}

std::unique_ptr<Delivery> folder_delivery(const std::string& folder) {
    return std::make_unique<FolderDelivery>(folder);
}

}  // namespace guichet::mailer
