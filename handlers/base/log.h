// Operational messages (start-up, fatal errors, sandbox state) as one JSON
// line each on stderr, the pool's log file. Never bodies, cookies or secrets.
#pragma once

#include <string>

namespace guichet {

void log_event(const std::string& handler, const std::string& event, const std::string& detail = "");

}  // namespace guichet
