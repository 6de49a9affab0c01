// A time as the program's candidates read it: in the program's zone
// (db/program.json "time_zone"), with the zone named in words, in French or
// English. For messages and operators' screens; receipts stay in UTC.
#pragma once

#include <cstdint>
#include <string>

#include "domain/program.h"

namespace guichet {

// "lundi 16 février 2026 à 08 h 30, heure de Montréal" /
// "Monday 16 February 2026 at 08:30, Montreal time". Loads the zone into the
// C library if it is not the one in use (base/time_zone.h): a sandboxed
// process must have loaded it before its sandbox.
std::string program_time(int64_t ms, const Program& program, Lang lang);

// The same followed by the UTC time: "… à 08 h 30, heure de Montréal
// (2026-02-16 13:30 UTC)"; only the UTC time when the program's zone is UTC.
std::string program_time_and_utc(int64_t ms, const Program& program, Lang lang);

// "2026-12-05 13:30 UTC"
std::string utc_minute(int64_t ms);

}  // namespace guichet
