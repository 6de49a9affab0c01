// Time as milliseconds since the Unix epoch (UTC), and its RFC 3339 text.
// The server's clock is the only one that counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet {

int64_t now_ms();
// "2026-02-16T13:30:00.000Z"
std::string format_time(int64_t ms);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" or with a "+HH:MM"/"-HH:MM" offset.
std::optional<int64_t> parse_time(std::string_view text);
// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
// Whether year-month-day is a real calendar date.
bool valid_date(int year, int month, int day);

}  // namespace guichet
