#include "domain/program_time.h"

#include <ctime>

#include "base/time_zone.h"

namespace guichet {

namespace {

const char* const kWeekdays[2][7] = {
    {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}};
const char* const kMonths[2][12] = {
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
     "décembre"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"}};

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::string program_time(int64_t ms, const Program& program, Lang lang) {
    ZonedTime t = zoned_time(ms, program.time_zone);
    int l = lang == Lang::en ? 1 : 0;
    std::string day = std::string(kWeekdays[l][t.weekday]) + " " + std::to_string(t.day) + " " +
                      kMonths[l][t.month - 1] + " " + std::to_string(t.year);
    if (lang == Lang::en) {
        return day + " at " + two_digits(t.hour) + ":" + two_digits(t.minute) + ", " + program.time_zone_label.en;
    }
    // The French way: "1er" for the first of the month, "08 h 30".
    if (t.day == 1) day.replace(day.find(' ') + 1, 1, "1er");
    return day + " à " + two_digits(t.hour) + " h " + two_digits(t.minute) + ", " + program.time_zone_label.fr;
}

std::string program_time_and_utc(int64_t ms, const Program& program, Lang lang) {
    if (program.time_zone == "UTC") return utc_minute(ms);
    return program_time(ms, program, lang) + " (" + utc_minute(ms) + ")";
}

std::string utc_minute(int64_t ms) {
    time_t seconds = static_cast<time_t>(ms / 1000);
    struct tm t {};
    gmtime_r(&seconds, &t);
    char text[32];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &t);
    return text;
}

}  // namespace guichet
