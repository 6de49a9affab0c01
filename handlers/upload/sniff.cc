#include "upload/sniff.h"

namespace guichet::upload {

namespace {

bool starts_with(std::string_view data, std::string_view prefix) {
    return data.size() >= prefix.size() && data.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string sniff_media_type(std::string_view head) {
    using namespace std::string_view_literals;
    if (starts_with(head, "%PDF-"sv)) return "application/pdf";
    if (starts_with(head, "\xFF\xD8\xFF"sv)) return "image/jpeg";
    if (starts_with(head, "\x89PNG\r\n\x1A\n"sv)) return "image/png";
    return "";
}

}  // namespace guichet::upload
