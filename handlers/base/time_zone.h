// A zone of the IANA time zone database (America/Montreal), for times shown
// to people the way the program's candidates read them. The API, receipts and
// logs stay in UTC; only words meant for a reader use a zone.
//
// The C library converts. use_time_zone sets TZ and calls tzset(), which
// reads <TZDIR or /usr/share/zoneinfo>/NAME once; glibc's localtime_r never
// reads it again while TZ stays the same (it re-examines TZ only in tzset,
// localtime and mktime, and returns at once when TZ is unchanged). So a
// process that loads its zone before entering its sandbox keeps converting
// inside it, where the zone folder is out of reach (the mailer does this).
// glibc quietly falls back to UTC when it cannot read the file, so the load is
// verified: the offset and abbreviation it then reports must be ones the file
// defines.
#pragma once

#include <cstdint>
#include <string>

namespace guichet {

// "" when name names a zone: "UTC", or a TZif file (RFC 8536) under the zone
// folder, with a name of letters, digits, '/', '_', '-' and '+' (no "..", no
// absolute path). Otherwise what is wrong, in words.
std::string time_zone_problem(const std::string& name);

// Makes name the zone zoned_time converts with, and checks that the C library
// took it. Throws std::runtime_error naming the problem. It changes the
// process's TZ: call it at start, before other threads and before the sandbox.
void use_time_zone(const std::string& name);

struct ZonedTime {
    int year = 0;
    int month = 0;    // 1..12
    int day = 0;      // 1..31
    int weekday = 0;  // 0 = Sunday
    int hour = 0;
    int minute = 0;
    int64_t utc_offset_minutes = 0;  // -300 for EST
    std::string abbreviation;        // "EST", "EDT", "UTC"
};

// ms since the epoch in zone `name`, loading it first (use_time_zone) when it
// is not the zone in use.
ZonedTime zoned_time(int64_t ms, const std::string& name);

}  // namespace guichet
