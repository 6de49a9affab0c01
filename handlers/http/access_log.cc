#include "http/access_log.h"

#include <cstdio>

#include "base/clock.h"
#include "base/json.h"

namespace guichet {

std::string access_line(const AccessRecord& record, long long time_ms) {
    Json line(json_object());
    json_object_set_new(line.get(), "time", json_str(format_time(time_ms)));
    json_object_set_new(line.get(), "handler", json_str(record.handler));
    json_object_set_new(line.get(), "method", json_str(record.method.substr(0, 16)));
    json_object_set_new(line.get(), "path", json_str(record.path.substr(0, 256)));
    json_object_set_new(line.get(), "status", json_integer(record.status));
    json_object_set_new(line.get(), "us", json_integer(static_cast<json_int_t>(record.ms * 1000)));
    if (!record.error.empty()) json_object_set_new(line.get(), "error", json_str(record.error));
    if (!record.detail.empty()) json_object_set_new(line.get(), "detail", json_str(record.detail.substr(0, 512)));
    return json_dump(line.get());
}

void access_log(const AccessRecord& record) {
    std::string line = access_line(record, now_ms());
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

}  // namespace guichet
