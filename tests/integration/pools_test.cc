// The site's processes: start and stop are exact and repeatable, a dead pool
// becomes the contract's 503, and a pool whose workers are killed recovers
// while the static site never notices.
#include <doctest/doctest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "base/clock.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;

TEST_CASE("starting_a_running_site_again_changes_nothing") {
    Site site;
    int pool = site.pool_pid("window");
    REQUIRE(pool > 0);
    site.start();
    CHECK(site.pool_pid("window") == pool);
    HttpClient client(site.url());
    CHECK(client.get("/api/window").status == 200);
}

TEST_CASE("stop_ends_every_process_it_started") {
    Site site;
    int pool = site.pool_pid("window");
    std::vector<int> workers = site.workers("window");
    REQUIRE(pool > 0);
    REQUIRE(workers.size() == 2);
    site.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(kill(pool, 0) != 0);
    for (int pid : workers) CHECK(kill(pid, 0) != 0);
    HttpClient client(site.url());
    CHECK(client.get("/").status == 0);  // nothing listens any more
}

TEST_CASE("a_dead_pool_answers_the_contract_503_with_retry_after") {
    Site site;
    int pool = site.pool_pid("window");
    REQUIRE(pool > 0);
    kill(pool, SIGTERM);  // the whole pool, supervisor included
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    HttpClient client(site.url());
    HttpResponse response = client.get("/api/window");
    CHECK(response.status == 503);
    CHECK(is_error(response.body, "unavailable"));
    CHECK(response.header("retry-after") == "5");
    CHECK(response.header("content-type").find("application/json") == 0);
    CHECK(client.get("/").status == 200);
    // In English when the visitor asked for English.
    HttpResponse english = client.request("GET", "/api/window", "", {"Accept-Language: en-CA,en;q=0.9"});
    CHECK(english.body.find("technical failure") != std::string::npos);
}

TEST_CASE("killing_every_window_worker_leaves_the_site_up_and_the_pool_recovers") {
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+3600", "--closes-at", "+7200", "--places", "5"}) == 0);
    std::atomic<bool> stop{false};
    std::atomic<int> static_failures{0}, window_ok{0}, window_503{0}, window_other{0}, static_ok{0};
    std::thread poller([&] {
        HttpClient client(site.url());
        while (!stop) {
            HttpResponse page = client.get("/");
            if (page.status == 200) ++static_ok;
            else ++static_failures;
            HttpResponse window = client.get("/api/window");
            if (window.status == 200) ++window_ok;
            else if (window.status == 503 && is_error(window.body, "unavailable")) ++window_503;
            else ++window_other;
        }
    });
    std::vector<int> killed;
    int64_t last_kill = 0;
    for (int round = 0; round < 5; ++round) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        for (int pid : site.workers("window")) {
            kill(pid, SIGKILL);
            killed.push_back(pid);
        }
        last_kill = now_ms();
    }
    // Back within 5 seconds: fresh answers (made after the last kill, so not
    // from nginx's one-second cache) from new workers. (2 s was too short for
    // a new worker to connect to PostgreSQL on a loaded machine.)
    bool recovered = false;
    HttpClient client(site.url());
    while (now_ms() - last_kill < 5000 && !recovered) {
        HttpResponse response = client.get("/api/window");
        if (response.status == 200) recovered = parse_time(response.header("x-made-at")).value_or(0) > last_kill;
        if (!recovered) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    stop = true;
    poller.join();
    CHECK(recovered);
    CHECK(killed.size() == 10);
    std::vector<int> now_workers = site.workers("window");
    CHECK(now_workers.size() == 2);
    for (int pid : now_workers) CHECK(std::find(killed.begin(), killed.end(), pid) == killed.end());
    CHECK(static_failures == 0);
    CHECK(static_ok > 0);
    CHECK(window_other == 0);
    CHECK(window_ok > 0);
    MESSAGE("window answers during kills: ", window_ok.load(), " x 200, ", window_503.load(), " x 503");
}
