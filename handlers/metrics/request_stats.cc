#include "metrics/request_stats.h"

#include <jansson.h>

#include <cstdio>

#include "base/json.h"

namespace guichet::metrics {

bool plain_label(std::string_view text) {
    if (text.empty() || text.size() > 32) return false;
    for (char c : text) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    }
    return true;
}

void RequestStats::add_line(std::string_view line) {
    json_error_t error;
    Json object(json_loadb(line.data(), line.size(), 0, &error));
    if (!object || !json_is_object(object.get())) {
        ++other_lines_;
        return;
    }
    json_t* handler = json_object_get(object.get(), "handler");
    json_t* status = json_object_get(object.get(), "status");
    json_t* event = json_object_get(object.get(), "event");
    int code = json_is_integer(status) ? static_cast<int>(json_integer_value(status)) : 0;
    if (handler && json_is_string(handler) && plain_label(json_string_value(handler))) {
        std::string name = json_string_value(handler);
        if (event && json_is_string(event) && std::string_view(json_string_value(event)) == "started") {
            ++worker_starts_[name];
            return;
        }
        json_t* micros = json_object_get(object.get(), "us");
        if (code < 100 || code > 599 || !json_is_integer(micros)) {
            ++other_lines_;
            return;
        }
        double seconds = static_cast<double>(json_integer_value(micros)) / 1e6;
        HandlerStats& stats = handlers_[name];
        ++stats.by_status[code];
        ++stats.count;
        stats.seconds += seconds;
        for (size_t i = 0; i < kBuckets.size(); ++i) {
            if (seconds <= kBuckets[i]) ++stats.buckets[i];
        }
        return;
    }
    if (json_is_string(json_object_get(object.get(), "uri")) && code >= 100 && code <= 599) {
        ++nginx_by_status_[code];
        return;
    }
    ++other_lines_;
}

namespace {

std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

}  // namespace

std::string RequestStats::prometheus() const {
    std::string out;
    out += "# HELP guichet_requests_total Requests answered by each handler pool, by status (from the pools' logs).\n";
    out += "# TYPE guichet_requests_total counter\n";
    for (const auto& [name, stats] : handlers_) {
        for (const auto& [code, count] : stats.by_status) {
            out += "guichet_requests_total{handler=\"" + name + "\",status=\"" + std::to_string(code) + "\"} " +
                   std::to_string(count) + "\n";
        }
    }
    out += "# HELP guichet_request_duration_seconds Time a handler worker spent on each request.\n";
    out += "# TYPE guichet_request_duration_seconds histogram\n";
    for (const auto& [name, stats] : handlers_) {
        std::string label = "handler=\"" + name + "\"";
        for (size_t i = 0; i < kBuckets.size(); ++i) {
            out += "guichet_request_duration_seconds_bucket{" + label + ",le=\"" + number(kBuckets[i]) + "\"} " +
                   std::to_string(stats.buckets[i]) + "\n";
        }
        out += "guichet_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " + std::to_string(stats.count) + "\n";
        out += "guichet_request_duration_seconds_sum{" + label + "} " + number(stats.seconds) + "\n";
        out += "guichet_request_duration_seconds_count{" + label + "} " + std::to_string(stats.count) + "\n";
    }
    out += "# HELP guichet_worker_starts_total Worker processes started per pool (a rising count means workers die).\n";
    out += "# TYPE guichet_worker_starts_total counter\n";
    for (const auto& [name, count] : worker_starts_) {
        out += "guichet_worker_starts_total{handler=\"" + name + "\"} " + std::to_string(count) + "\n";
    }
    out += "# HELP guichet_nginx_responses_total Every answer nginx sent, by status (its access log), including its own 429/503.\n";
    out += "# TYPE guichet_nginx_responses_total counter\n";
    for (const auto& [code, count] : nginx_by_status_) {
        out += "guichet_nginx_responses_total{status=\"" + std::to_string(code) + "\"} " + std::to_string(count) + "\n";
    }
    out += "# HELP guichet_log_other_lines_total Log lines that were not a request (supervisor messages, errors).\n";
    out += "# TYPE guichet_log_other_lines_total counter\n";
    out += "guichet_log_other_lines_total " + std::to_string(other_lines_) + "\n";
    return out;
}

}  // namespace guichet::metrics
