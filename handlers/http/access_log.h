// One JSON line per request on stderr (the pool's log file): when, which
// handler, method, path, status, duration, and the error code if any.
// Never bodies, cookies, passwords or tokens.
#pragma once

#include <string>

#include "base/log.h"

namespace guichet {

struct AccessRecord {
    std::string handler;
    std::string method;
    std::string path;
    int status = 0;
    double ms = 0;
    std::string error;   // catalogue code, when the answer is an error
    std::string detail;  // internal detail for operators (never user secrets)
};

std::string access_line(const AccessRecord& record, long long time_ms);
void access_log(const AccessRecord& record);

}  // namespace guichet
