// Time as milliseconds since the Unix epoch (UTC), and its RFC 3339 text.
// The server's clock is the only one that counts.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guichet {

// The system clock's reading. Only the system clock, timing and tools call
// it: handler and domain logic take the time from their context's Clock.
int64_t now_ms();

// What handler logic reads the time from, so a test can set it.
class Clock {
public:
    virtual ~Clock() = default;
    virtual int64_t now() const = 0;  // ms since the Unix epoch
};

// The server's clock (now_ms()).
const Clock& system_clock();

// A clock that moves only when told to; safe to read from several threads.
class TestClock : public Clock {
public:
    explicit TestClock(int64_t start) : now_(start) {}
    int64_t now() const override { return now_.load(); }
    void set(int64_t ms) { now_.store(ms); }
    void advance(int64_t ms) { now_.fetch_add(ms); }

private:
    std::atomic<int64_t> now_;
};
// "2026-02-16T13:30:00.000Z"
std::string format_time(int64_t ms);
// The same text into `out` (24 characters and a NUL) without allocating or
// locking: safe in a signal handler (os/syscall_filter.cc). Years 0..9999.
inline constexpr size_t kTimeTextSize = 25;
void format_time_into(int64_t ms, char (&out)[kTimeTextSize]);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" or with a "+HH:MM"/"-HH:MM" offset.
std::optional<int64_t> parse_time(std::string_view text);
// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
// Whether year-month-day is a real calendar date.
bool valid_date(int year, int month, int day);

}  // namespace guichet
