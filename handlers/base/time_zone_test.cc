// Zones of the IANA database through the C library: names checked, files
// checked, and civil times on both sides of a daylight-saving change.
#include "base/time_zone.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <fstream>
#include <string>

#include "base/clock.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

int64_t at(const char* text) { return *parse_time(text); }

// A zone folder of one's own (TZDIR) for the duration of a test.
struct ZoneFolder {
    test::TempDir dir{"zones"};
    ZoneFolder() { setenv("TZDIR", dir.path.c_str(), 1); }
    ~ZoneFolder() { unsetenv("TZDIR"); }
    void add(const std::string& name, const std::string& bytes) const { std::ofstream(dir.path + "/" + name) << bytes; }
};

}  // namespace

TEST_CASE("a_zone_of_the_system_database_or_utc_is_accepted") {
    CHECK(time_zone_problem("America/Montreal") == "");
    CHECK(time_zone_problem("Asia/Tokyo") == "");
    CHECK(time_zone_problem("UTC") == "");
}

TEST_CASE("a_name_that_is_not_a_zone_is_refused_in_words") {
    CHECK(time_zone_problem("America/Nowhere").find("no time zone \"America/Nowhere\"") != std::string::npos);
    CHECK(time_zone_problem("America") != "");  // a folder
    CHECK(time_zone_problem("").find("not a time zone name") != std::string::npos);
    CHECK(time_zone_problem("../../etc/passwd").find("not a time zone name") != std::string::npos);
    CHECK(time_zone_problem("/etc/localtime").find("not a time zone name") != std::string::npos);
    CHECK(time_zone_problem("EST5EDT,M3.2.0,M11.1.0") != "");  // a POSIX rule, not a name
    CHECK(time_zone_problem("Montréal") != "");
}

TEST_CASE("a_file_that_is_not_tzif_is_refused") {
    ZoneFolder zones;
    zones.add("Fake", "this is not a zone\n");
    zones.add("Short", std::string("TZif2") + std::string(20, '\0'));
    CHECK(time_zone_problem("Fake").find("is not a TZif time zone file") != std::string::npos);
    CHECK(time_zone_problem("Short").find("not a TZif") != std::string::npos);
    std::string header = std::string("TZif") + '\0' + std::string(15, '\0');
    header += std::string(12, '\0') + std::string("\0\0\0\0", 4) + std::string("\0\0\0\x05", 4) +
              std::string("\0\0\0\x04", 4);  // 5 types, 4 characters, but no data
    zones.add("Truncated", header);
    CHECK(time_zone_problem("Truncated").find("truncated") != std::string::npos);
    CHECK_THROWS_WITH_AS(use_time_zone("Fake"), doctest::Contains("Fake"), std::runtime_error);
}

TEST_CASE("montreal_in_winter_is_utc_minus_five") {
    ZonedTime t = zoned_time(at("2026-02-16T13:30:00Z"), "America/Montreal");
    CHECK(t.year == 2026);
    CHECK(t.month == 2);
    CHECK(t.day == 16);
    CHECK(t.weekday == 1);  // a Monday
    CHECK(t.hour == 8);
    CHECK(t.minute == 30);
    CHECK(t.utc_offset_minutes == -300);
    CHECK(t.abbreviation == "EST");
}

TEST_CASE("montreal_in_summer_is_utc_minus_four") {
    ZonedTime t = zoned_time(at("2026-07-16T12:30:00Z"), "America/Montreal");
    CHECK(t.hour == 8);
    CHECK(t.minute == 30);
    CHECK(t.utc_offset_minutes == -240);
    CHECK(t.abbreviation == "EDT");
}

TEST_CASE("the_spring_change_in_montreal_skips_from_two_to_three") {
    // 8 March 2026, 2:00 EST becomes 3:00 EDT (07:00 UTC).
    ZonedTime before = zoned_time(at("2026-03-08T06:59:00Z"), "America/Montreal");
    ZonedTime after = zoned_time(at("2026-03-08T07:00:00Z"), "America/Montreal");
    CHECK(before.hour == 1);
    CHECK(before.minute == 59);
    CHECK(after.hour == 3);
    CHECK(after.minute == 0);
    CHECK(after.day == 8);
}

TEST_CASE("a_closing_late_in_the_evening_is_the_next_day_in_utc") {
    ZonedTime t = zoned_time(at("2026-02-17T04:59:59Z"), "America/Montreal");
    CHECK(t.day == 16);
    CHECK(t.hour == 23);
    CHECK(t.minute == 59);
}

TEST_CASE("the_zone_in_use_changes_when_another_is_asked_for") {
    use_time_zone("America/Montreal");
    CHECK(zoned_time(at("2026-02-16T13:30:00Z"), "Asia/Tokyo").hour == 22);
    CHECK(zoned_time(at("2026-02-16T13:30:00Z"), "UTC").hour == 13);
    CHECK(zoned_time(at("2026-02-16T13:30:00Z"), "UTC").abbreviation == "UTC");
    CHECK(zoned_time(at("2026-02-16T13:30:00Z"), "America/Montreal").hour == 8);
}
