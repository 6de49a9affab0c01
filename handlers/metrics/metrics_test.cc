// The metrics handler's pieces without FastCGI: folding log lines into
// counters, and reading a log file incrementally.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "base/log_tail.h"
#include "metrics/request_stats.h"

using namespace guichet::metrics;
using guichet::LogTail;

namespace {

std::string temp_file() {
    char name[] = "/tmp/guichet-metrics-test-XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    return name;
}

void append(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::app) << text;
}

std::vector<std::string> read_new(LogTail& tail) {
    std::vector<std::string> lines;
    tail.read_new([&](std::string_view line) { lines.emplace_back(line); });
    return lines;
}

}  // namespace

TEST_CASE("metrics_request_line_is_counted_by_handler_status_and_latency_bucket") {
    RequestStats stats;
    stats.add_line(R"({"time":"t","handler":"claim","method":"POST","path":"/api/claim","status":201,"us":3000})");
    stats.add_line(R"({"time":"t","handler":"claim","method":"POST","path":"/api/claim","status":409,"us":200000})");
    const HandlerStats& claim = stats.handlers().at("claim");
    CHECK(claim.count == 2);
    CHECK(claim.by_status.at(201) == 1);
    CHECK(claim.by_status.at(409) == 1);
    CHECK(claim.buckets[0] == 0);  // <= 1 ms
    CHECK(claim.buckets[2] == 1);  // <= 5 ms
    CHECK(claim.buckets[7] == 2);  // <= 250 ms
    std::string text = stats.prometheus();
    CHECK(text.find("guichet_requests_total{handler=\"claim\",status=\"201\"} 1\n") != std::string::npos);
    CHECK(text.find("guichet_request_duration_seconds_bucket{handler=\"claim\",le=\"+Inf\"} 2\n") != std::string::npos);
    CHECK(text.find("guichet_request_duration_seconds_count{handler=\"claim\"} 2\n") != std::string::npos);
}

TEST_CASE("metrics_worker_start_events_are_counted_apart_from_requests") {
    RequestStats stats;
    stats.add_line(R"({"time":"t","handler":"window","event":"started"})");
    CHECK(stats.handlers().count("window") == 0);
    CHECK(stats.prometheus().find("guichet_worker_starts_total{handler=\"window\"} 1\n") != std::string::npos);
}

TEST_CASE("metrics_nginx_access_line_is_counted_by_status") {
    RequestStats stats;
    stats.add_line(R"({"time":"t","ts":1.5,"remote":"1.2.3.4","method":"GET","uri":"/api/claim","status":503,"bytes":10,"ms":0.001,"upstream_ms":""})");
    CHECK(stats.nginx_by_status().at(503) == 1);
}

TEST_CASE("metrics_garbage_and_hostile_lines_are_only_counted_never_printed") {
    RequestStats stats;
    stats.add_line("multiwatch: child died");
    stats.add_line(R"({"handler":"evil\"} 1\nfake","status":200,"us":1})");
    stats.add_line(R"({"handler":"claim","status":"200","us":1})");
    stats.add_line(R"({"handler":"claim","status":99999,"us":1})");
    stats.add_line(std::string("{\"handler\":\"cl\0aim\",\"status\":200,\"us\":1}", 40));
    CHECK(stats.other_lines() == 5);
    CHECK(stats.handlers().empty());
    CHECK(stats.prometheus().find("fake") == std::string::npos);
}

TEST_CASE("metrics_log_tail_hands_over_only_new_complete_lines") {
    std::string path = temp_file();
    LogTail tail(path);
    append(path, "one\ntwo\nthr");
    CHECK(read_new(tail) == std::vector<std::string>{"one", "two"});
    CHECK(read_new(tail).empty());
    append(path, "ee\nfour\n");
    CHECK(read_new(tail) == std::vector<std::string>{"three", "four"});
    std::remove(path.c_str());
}

TEST_CASE("metrics_log_tail_starts_again_after_truncation") {
    std::string path = temp_file();
    LogTail tail(path);
    append(path, "a long first line\n");
    CHECK(read_new(tail).size() == 1);
    { std::ofstream truncate(path, std::ios::trunc); }
    append(path, "new\n");
    CHECK(read_new(tail) == std::vector<std::string>{"new"});
    std::remove(path.c_str());
}

TEST_CASE("metrics_log_tail_of_a_missing_file_reads_nothing") {
    LogTail tail("/nonexistent/guichet/none.log");
    CHECK(read_new(tail).empty());
}
