// Counters folded from the log lines: the handlers' one JSON line per request
// ({"handler","status","us",...}, http/access_log.h) and nginx's access log
// ({"uri","status","ms",...}, nginx/guichet.conf.in), rendered in the
// Prometheus text format.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace guichet::metrics {

// Upper bounds of the latency histogram, in seconds.
constexpr std::array<double, 13> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,     10};

struct HandlerStats {
    std::map<int, int64_t> by_status;
    std::array<int64_t, kBuckets.size()> buckets{};  // count of requests <= each bound
    int64_t count = 0;
    double seconds = 0;
};

class RequestStats {
public:
    // Folds one log line in. Lines that are neither a request nor a known
    // event (start-up messages, a supervisor's complaint) are only counted.
    void add_line(std::string_view line);
    std::string prometheus() const;

    const std::map<std::string, HandlerStats>& handlers() const { return handlers_; }
    const std::map<int, int64_t>& nginx_by_status() const { return nginx_by_status_; }
    int64_t other_lines() const { return other_lines_; }

private:
    std::map<std::string, HandlerStats> handlers_;
    std::map<int, int64_t> nginx_by_status_;
    std::map<std::string, int64_t> worker_starts_;
    int64_t other_lines_ = 0;
};

// A label value safe to print: [a-z0-9_-], at most 32 characters.
bool plain_label(std::string_view text);

}  // namespace guichet::metrics
