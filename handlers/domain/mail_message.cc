#include "domain/mail_message.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "base/encoding.h"

namespace guichet {

namespace {

bool printable_ascii(const std::string& text) {
    for (unsigned char c : text) {
        if (c < 0x20 || c > 0x7e) return false;
    }
    return true;
}

std::string base64_lines(const std::string& bytes) {
    std::string encoded = base64_encode(bytes), out;
    for (size_t i = 0; i < encoded.size(); i += 76) out += encoded.substr(i, 76) + "\r\n";
    return out;
}

// A boundary no encoded part can contain: quoted-printable writes '=' only
// before two hex digits or a line end, base64 never writes '_' or '.'.
std::string boundary(const Mail& mail, const char* which) {
    std::string id;
    for (char c : mail.message_id) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) id += c;
    }
    return std::string("=_") + which + "." + id.substr(0, 40);
}

std::string text_part(const char* type, const std::string& body) {
    return std::string("Content-Type: ") + type + "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
           quoted_printable(body) + "\r\n";
}

}  // namespace

std::string quoted_printable(const std::string& text) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string encoded;
        size_t width = 0;
        for (size_t i = 0; i < line.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(line[i]);
            bool last = i + 1 == line.size();
            std::string piece;
            if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last)) {
                piece = std::string(1, static_cast<char>(c));
            } else {
                piece = std::string("=") + kHex[c >> 4] + kHex[c & 15];
            }
            if (width + piece.size() > 75) {  // a soft break: "=" ends the line, 76 in all
                encoded += "=\r\n";
                width = 0;
            }
            encoded += piece;
            width += piece.size();
        }
        out += encoded;
        if (end == text.size()) break;
        out += "\r\n";
        start = end + 1;
    }
    return out;
}

std::string header_text(const std::string& text) {
    if (printable_ascii(text)) return text;
    // Encoded words of at most 45 bytes of text each (75 characters encoded),
    // cut between UTF-8 characters, folded onto continuation lines.
    std::string out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = std::min(text.size(), start + 45);
        while (end > start && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        if (end == start) end = std::min(text.size(), start + 45);  // not UTF-8: cut anywhere, but move on
        // Whole words where possible (the space stays inside the word before):
        // some readers join the pieces of a display name with a space.
        size_t space = text.rfind(' ', end - 1);
        if (end < text.size() && space != std::string::npos && space > start) end = space + 1;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + base64_encode(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

std::string rfc5322_date(int64_t ms) {
    static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t seconds = static_cast<time_t>(ms / 1000);
    struct tm t {};
    gmtime_r(&seconds, &t);
    char out[40];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[t.tm_wday], t.tm_mday,
                  kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
    return out;
}

std::string render_mail(const Mail& mail) {
    std::string out;
    out += "Date: " + rfc5322_date(mail.date_ms) + "\r\n";
    out += "From: " + header_text(mail.from_name) + " <" + mail.from_address + ">\r\n";
    out += "To: <" + mail.to + ">\r\n";
    out += "Subject: " + header_text(mail.subject) + "\r\n";
    out += "Message-ID: " + mail.message_id + "\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Content-Language: " + mail.lang + "\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    std::string alternative = boundary(mail, "alt"), mixed = boundary(mail, "mix");
    std::string body = "--" + alternative + "\r\n" + text_part("text/plain", mail.text) + "--" + alternative +
                       "\r\n" + text_part("text/html", mail.html) + "--" + alternative + "--\r\n";
    if (mail.attachments.empty()) {
        return out + "Content-Type: multipart/alternative; boundary=\"" + alternative + "\"\r\n\r\n" + body;
    }
    out += "Content-Type: multipart/mixed; boundary=\"" + mixed + "\"\r\n\r\n";
    out += "--" + mixed + "\r\nContent-Type: multipart/alternative; boundary=\"" + alternative + "\"\r\n\r\n" + body;
    for (const MailAttachment& attachment : mail.attachments) {
        out += "--" + mixed + "\r\n";
        out += "Content-Type: " + attachment.content_type + "; name=\"" + attachment.filename + "\"\r\n";
        out += "Content-Disposition: attachment; filename=\"" + attachment.filename + "\"\r\n";
        out += "Content-Transfer-Encoding: base64\r\n\r\n" + base64_lines(attachment.bytes);
    }
    return out + "--" + mixed + "--\r\n";
}

}  // namespace guichet
