#include "tests/integration/mailbox.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "base/files.h"
#include "base/json.h"

namespace guichet::test {

namespace {

std::string without_cr(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c != '\r') out += c;
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

std::string quoted_printable_decode(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
        } else if (i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;  // a soft line break
        } else if (i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string header(const std::string& message, const std::string& name) {
    size_t at = message.find("\n" + name + ": ");
    if (at == std::string::npos) return "";
    size_t start = at + name.size() + 3;
    return message.substr(start, message.find('\n', start) - start);
}

MailFile parse(const std::string& path, const std::string& crlf) {
    MailFile mail;
    mail.path = path;
    mail.raw = crlf;
    std::string message = "\n" + without_cr(crlf);
    mail.to = header(message, "To");
    if (!mail.to.empty() && mail.to.front() == '<') mail.to = mail.to.substr(1, mail.to.size() - 2);
    std::string id = header(message, "Message-ID");  // <kind.id.created_at@domain>
    size_t dot = id.find('.'), second = id.find('.', dot + 1);
    if (id.size() > 2 && dot != std::string::npos && second != std::string::npos) {
        mail.kind = id.substr(1, dot - 1);
        mail.outbox_id = std::stoll(id.substr(dot + 1, second - dot - 1));
    }
    size_t part = message.find("Content-Type: text/plain");
    if (part != std::string::npos) {
        size_t body = message.find("\n\n", part);
        size_t end = message.find("\n--", body);
        if (body != std::string::npos && end != std::string::npos) {
            mail.text = quoted_printable_decode(message.substr(body + 2, end - body - 2));
        }
    }
    return mail;
}

}  // namespace

std::vector<MailFile> read_mailbox(const std::string& folder) {
    std::vector<MailFile> mails;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        if (!entry.is_regular_file()) continue;
        std::optional<std::string> bytes = read_file(entry.path().string());
        if (bytes) mails.push_back(parse(entry.path().string(), *bytes));
    }
    std::sort(mails.begin(), mails.end(), [](const MailFile& a, const MailFile& b) { return a.outbox_id < b.outbox_id; });
    return mails;
}

std::vector<MailFile> wait_for_mail(const std::string& folder, const std::string& to, const std::string& kind,
                                    size_t count, int seconds) {
    std::vector<MailFile> found;
    for (int i = 0; i <= seconds * 20; ++i) {
        found.clear();
        for (MailFile& mail : read_mailbox(folder)) {
            if (mail.to == to && mail.kind == kind) found.push_back(std::move(mail));
        }
        if (found.size() >= count) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return found;
}

std::string link_in(const MailFile& mail, const std::string& prefix) {
    for (size_t start = 0; start < mail.text.size();) {
        size_t end = mail.text.find('\n', start);
        if (end == std::string::npos) end = mail.text.size();
        std::string line = mail.text.substr(start, end - start);
        if (line.rfind(prefix, 0) == 0) return line;
        start = end + 1;
    }
    return "";
}

std::string token_in(const MailFile& mail, const std::string& page) {
    for (size_t at = mail.text.find(page + "?token="); at != std::string::npos;) {
        size_t start = at + page.size() + 7;
        size_t end = mail.text.find_first_of(" \n", start);
        return mail.text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
    return "";
}

HttpResponse verify_from_mail(const Site& site, const std::string& email, size_t count) {
    std::vector<MailFile> mails = wait_for_mail(site.data() + "/mail", email, "verify_email", count);
    if (mails.size() < count) throw std::runtime_error("no verification message for " + email);
    Json body(json_object());
    json_object_set_new(body.get(), "token", json_string(token_in(mails.back(), "/verify-email.html").c_str()));
    HttpClient client(site.url());
    return client.post("/api/accounts/verify", json_dump(body.get()));
}

}  // namespace guichet::test
