// PeriodicThread: the work runs every interval, and a failure that repeats is
// logged once, with one line when the work succeeds again.
#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "os/periodic.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

// Everything written to stderr while `run` runs, as a string.
template <typename F>
std::string stderr_of(const std::string& file, F run) {
    std::fflush(stderr);
    int saved = dup(2);
    FILE* out = std::fopen(file.c_str(), "w");
    REQUIRE(out);
    dup2(fileno(out), 2);
    run();
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::fclose(out);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

int count_of(const std::string& text, const std::string& what) {
    int count = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
    return count;
}

}  // namespace

TEST_CASE("a_periodic_failure_that_repeats_is_logged_once_and_its_end_once") {
    test::TempDir dir;
    std::atomic<int> turns{0};
    std::string log = stderr_of(dir.path + "/stderr", [&] {
        PeriodicThread thread("test", "follow", 5, [&] {
            int turn = ++turns;
            if (turn <= 6) throw std::runtime_error("database down");
            if (turn == 8) throw std::runtime_error("disk full");
        });
        thread.start();
        while (turns < 12) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    });
    CHECK(turns >= 12);
    CHECK(count_of(log, "\"follow_failed\"") == 2);
    CHECK(count_of(log, "database down") == 2);  // its failure, and the recovery that names it
    CHECK(count_of(log, "\"follow_recovered\"") == 2);
    CHECK(count_of(log, "disk full") == 2);
}

TEST_CASE("a_periodic_thread_asked_for_a_last_turn_runs_once_more_when_stopped_and_not_otherwise") {
    for (PeriodicThread::AtStop at_stop : {PeriodicThread::AtStop::nothing, PeriodicThread::AtStop::last_turn}) {
        std::atomic<int> turns{0};
        {
            PeriodicThread thread("test", "last", 60000, [&] { ++turns; }, at_stop);
            thread.start();
            while (turns < 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }  // stopped well before the next interval
        CHECK(turns == (at_stop == PeriodicThread::AtStop::last_turn ? 2 : 1));
    }
    std::atomic<int> never{0};
    { PeriodicThread unstarted("test", "never", 10, [&] { ++never; }, PeriodicThread::AtStop::last_turn); }
    CHECK(never == 0);
}
