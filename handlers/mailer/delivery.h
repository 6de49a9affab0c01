// Where the mailer puts a message: an SMTP server (libcurl's SMTP client,
// GUICHET_SMTP_URL) or, without one, a folder of .eml files (data/mail/), so
// the local site works with no mail server and a person can open the links.
#pragma once

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace guichet::mailer {

class Delivery {
public:
    virtual ~Delivery() = default;
    // Hands over one message; the error text when it was not accepted.
    virtual std::optional<std::string> deliver(const std::string& to, const std::string& message_id,
                                               const std::string& bytes) = 0;
};

struct SmtpSettings {
    std::string url;           // smtp://host:port (smtps:// for implicit TLS)
    std::string from;          // the envelope sender
    std::string tls;           // "try" (STARTTLS when offered), "all" (required), "" (none)
    long timeout_s = 60;
};

// The server's address is resolved now, before the sandbox (which allows no
// DNS), and pinned for every later connection. Throws std::runtime_error for
// a URL it cannot use.
std::unique_ptr<Delivery> smtp_delivery(const SmtpSettings& settings);
// One file per message, <folder>/<created>-<id>.eml, written atomically.
std::unique_ptr<Delivery> folder_delivery(const std::string& folder);

// The port an smtp:// or smtps:// URL connects to (25 or 465 by default).
uint16_t smtp_port(const std::string& url);

}  // namespace guichet::mailer
