#include "base/time_zone.h"

#include <time.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "base/files.h"

namespace guichet {

namespace {

using LocalType = std::pair<int64_t, std::string>;  // UTC offset in seconds, abbreviation

std::string zone_folder() {
    const char* folder = std::getenv("TZDIR");
    return folder && *folder ? folder : "/usr/share/zoneinfo";
}

uint32_t be32(const std::string& bytes, size_t at) {
    return static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24 |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8 |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
}

// The local time types of a TZif file (RFC 8536): of its version 2+ block
// when it has one, else of the version 1 block. "" in *problem when the file
// is well formed.
std::set<LocalType> tzif_types(const std::string& bytes, std::string* problem) {
    constexpr size_t kHeader = 44;
    size_t at = 0;
    int block = 0;
    for (;;) {
        if (bytes.size() < at + kHeader || bytes.compare(at, 4, "TZif") != 0) {
            *problem = "is not a TZif time zone file";
            return {};
        }
        char version = bytes[at + 4];
        uint64_t isut = be32(bytes, at + 20), isstd = be32(bytes, at + 24), leap = be32(bytes, at + 28),
                 times = be32(bytes, at + 32), types = be32(bytes, at + 36), chars = be32(bytes, at + 40);
        uint64_t time_size = block == 0 ? 4 : 8;
        uint64_t size = times * time_size + times + types * 6 + chars + leap * (time_size + 4) + isstd + isut;
        if (types == 0 || chars == 0 || bytes.size() < at + kHeader + size) {
            *problem = "is a truncated or malformed TZif file";
            return {};
        }
        if (block == 0 && version >= '2') {  // the 64-bit block follows: read that one
            at += kHeader + size;
            block = 1;
            continue;
        }
        size_t type_at = at + kHeader + times * time_size + times, chars_at = type_at + types * 6;
        std::set<LocalType> out;
        for (uint64_t i = 0; i < types; ++i) {
            size_t entry = type_at + i * 6;
            int64_t offset = static_cast<int32_t>(be32(bytes, entry));
            unsigned index = static_cast<unsigned char>(bytes[entry + 5]);
            if (index >= chars) {
                *problem = "is a malformed TZif file";
                return {};
            }
            std::string name = bytes.substr(chars_at + index, chars - index);
            out.insert({offset, name.substr(0, name.find('\0'))});
        }
        problem->clear();
        return out;
    }
}

bool valid_zone_name(const std::string& name) {
    if (name.empty() || name.size() > 100 || name.front() == '/' || name.back() == '/') return false;
    for (char c : name) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                  c == '_' || c == '-' || c == '+';
        if (!ok) return false;
    }
    return name.find("//") == std::string::npos;
}

// The zone's types, or a problem. "UTC" needs no file.
std::set<LocalType> zone_types(const std::string& name, std::string* problem) {
    problem->clear();
    if (name == "UTC") return {{0, "UTC"}};
    if (!valid_zone_name(name)) {
        *problem = "\"" + name + "\" is not a time zone name (such as America/Montreal)";
        return {};
    }
    std::string path = zone_folder() + "/" + name;
    std::optional<std::string> bytes = read_file(path);
    if (!bytes) {
        *problem = "no time zone \"" + name + "\" (" + path + " cannot be read)";
        return {};
    }
    std::set<LocalType> types = tzif_types(*bytes, problem);
    if (!problem->empty()) *problem = "time zone \"" + name + "\": " + path + " " + *problem;
    return types;
}

std::mutex zone_mutex;
std::string zone_in_use;  // guarded by zone_mutex; "" before the first use_time_zone

void load_zone(const std::string& name) {
    std::string problem;
    std::set<LocalType> types = zone_types(name, &problem);
    if (!problem.empty()) throw std::runtime_error(problem);
    zone_in_use.clear();  // until this one is verified, whatever was in use is not
    std::string tz = ":" + name;
    if (setenv("TZ", tz.c_str(), 1) != 0) throw std::runtime_error("time zone: cannot set TZ");
    tzset();
    // What glibc now says of this instant must be one of the file's types.
    time_t now = time(nullptr);
    struct tm local {};
    if (!localtime_r(&now, &local) || !types.count({local.tm_gmtoff, local.tm_zone ? local.tm_zone : ""})) {
        throw std::runtime_error("time zone \"" + name + "\": the C library did not load it");
    }
    zone_in_use = name;
}

}  // namespace

std::string time_zone_problem(const std::string& name) {
    std::string problem;
    zone_types(name, &problem);
    return problem;
}

void use_time_zone(const std::string& name) {
    std::lock_guard<std::mutex> lock(zone_mutex);
    load_zone(name);
}

ZonedTime zoned_time(int64_t ms, const std::string& name) {
    std::lock_guard<std::mutex> lock(zone_mutex);
    if (zone_in_use != name) load_zone(name);
    // Floor, so an instant before 1970 falls in the right minute.
    time_t seconds = static_cast<time_t>(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
    struct tm local {};
    if (!localtime_r(&seconds, &local)) throw std::runtime_error("time zone: time out of range");
    ZonedTime out;
    out.year = local.tm_year + 1900;
    out.month = local.tm_mon + 1;
    out.day = local.tm_mday;
    out.weekday = local.tm_wday;
    out.hour = local.tm_hour;
    out.minute = local.tm_min;
    out.utc_offset_minutes = local.tm_gmtoff / 60;
    out.abbreviation = local.tm_zone ? local.tm_zone : "";
    return out;
}

}  // namespace guichet
