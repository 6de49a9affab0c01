#include "base/log.h"

#include <cstdio>

#include "base/clock.h"
#include "base/json.h"

namespace guichet {

void log_event(const std::string& handler, const std::string& event, const std::string& detail) {
    Json line(json_object());
    json_object_set_new(line.get(), "time", json_str(format_time(now_ms())));
    json_object_set_new(line.get(), "handler", json_str(handler));
    json_object_set_new(line.get(), "event", json_str(event));
    if (!detail.empty()) json_object_set_new(line.get(), "detail", json_str(detail));
    std::string text = json_dump(line.get()) + "\n";
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

}  // namespace guichet
