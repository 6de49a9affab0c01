// Least privilege: every handler pool confines itself at start (Landlock +
// seccomp, os/sandbox.h). With GUICHET_SANDBOX_SELFTEST=1 each worker
// tries forbidden and allowed operations after confining itself and logs
// what happened; these tests read the pools' logs.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "base/files.h"
#include "os/sandbox.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet::test;

namespace {

const char* const kPools[] = {"window", "accounts", "dossier", "upload", "claim", "admin", "metrics", "mailer"};

// The "event" lines of a pool's log: detail by event (the last one wins for
// "sandbox"; selftest details keyed by what was tried).
struct PoolLog {
    std::map<std::string, std::string> selftest;  // "read keys/receipt.key" -> "denied (EACCES)"
    int sandbox_events = 0;
    int sandbox_off_events = 0;
};

PoolLog read_pool_log(const Site& site, const std::string& pool) {
    PoolLog log;
    std::istringstream lines(guichet::read_file(site.data() + "/logs/" + pool + ".log").value_or(""));
    std::string line;
    while (std::getline(lines, line)) {
        guichet::Json object = parse_json(line);
        if (!object) continue;
        std::string event = json_text(object, "event"), detail = json_text(object, "detail");
        if (event == "sandbox") ++log.sandbox_events;
        if (event == "sandbox_off") ++log.sandbox_off_events;
        if (event == "sandbox_selftest") {
            size_t colon = detail.find(": ");
            log.selftest[detail.substr(0, colon)] = detail.substr(colon + 2);
        }
    }
    return log;
}

bool denied(const std::string& outcome) { return outcome.rfind("denied", 0) == 0; }

}  // namespace

TEST_CASE("every_pool_starts_confined_and_says_so") {
    Site site;
    HttpClient client(site.url());
    CHECK(client.get("/api/window").status == 200);
    for (const char* pool : kPools) {
        INFO("pool ", std::string(pool));
        // A worker logs its sandbox as it starts: on a loaded machine the last
        // one may still be starting when the site answers.
        PoolLog log = read_pool_log(site, pool);
        for (int i = 0; i < 100 && log.sandbox_events < static_cast<int>(site.workers(pool).size()); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            log = read_pool_log(site, pool);
        }
        CHECK(log.sandbox_events == static_cast<int>(site.workers(pool).size()));
        CHECK(log.sandbox_off_events == 0);
    }
}

TEST_CASE("a_confined_handler_cannot_open_what_it_does_not_need") {
    Site site({"GUICHET_SANDBOX_SELFTEST=1"});
    for (const char* pool : kPools) {
        INFO("pool ", pool);
        PoolLog log = read_pool_log(site, pool);
        REQUIRE(log.selftest.size() >= (site.postgres() ? 18u : 19u));
        std::string name = pool;
        // Nobody reads the keys once started (the claim handler loaded its key before confining itself).
        CHECK(log.selftest["read keys/receipt.key"] == "denied (EACCES)");
        CHECK(log.selftest["read keys/session.key"] == "denied (EACCES)");
        CHECK(log.selftest["read keys/identity.key"] == "denied (EACCES)");
        CHECK(log.selftest["read /etc/passwd"] == "denied (EACCES)");
        // Only upload writes the document store; only admin writes the banner folder.
        CHECK(denied(log.selftest["create in documents"]) == (name != "upload"));
        CHECK(denied(log.selftest["create in status"]) == (name != "admin"));
        // Nobody creates files beside the database, in the repository or in /tmp, or rewrites the program.
        // (On PostgreSQL there is no database file: not even the data folder is writable.)
        CHECK(denied(log.selftest[site.postgres() ? "create in data folder" : "create in database folder"]));
        CHECK(denied(log.selftest["create in program folder"]));
        CHECK(denied(log.selftest["write program"]));
        CHECK(denied(log.selftest["create in /tmp"]));
        if (!site.postgres()) CHECK(log.selftest["read database"] == "allowed");
        // Upload bodies come over the socket: nobody reads nginx's temporary files.
        CHECK(log.selftest["read nginx's request bodies"] == "denied (EACCES)");
        // No network sockets (the mailer has none either without an SMTP server), no programs.
        CHECK(log.selftest["socket AF_INET"] == "denied (EPERM)");
        CHECK(log.selftest["connect TCP port 9"] == "denied (EPERM)");
#ifndef __SANITIZE_ADDRESS__  // sanitized builds (make check SANITIZE=1) keep exec and ptrace for their reports
        CHECK(denied(log.selftest["exec /bin/true"]));
        CHECK(log.selftest["ptrace the parent"] == "denied (EPERM)");
#endif
        // No way around the rules: io_uring, new namespaces.
        CHECK(log.selftest["io_uring_setup"] == "denied (EPERM)");
        CHECK(log.selftest["unshare user namespace"] == "denied (EPERM)");
        CHECK(log.selftest["clone into a network namespace"] == "denied (EPERM)");
        // The allow-list refuses what it does not name, and says so in the log;
        // unix sockets (the pools' own) stay usable.
        CHECK(log.selftest["unlisted system call (getcpu)"] == "denied (EPERM)");
        CHECK(guichet::read_file(site.data() + "/logs/" + name + ".log").value_or("").find("system call getcpu") !=
              std::string::npos);
        CHECK(log.selftest["connect unix socket"] == "allowed");
    }
    // And the confined pools still do their work.
    HttpClient client(site.url());
    CHECK(client.get("/api/window").status == 200);
}

TEST_CASE("the_mailer_with_an_smtp_server_may_reach_that_port_and_no_other") {
    int smtp_port = free_port();
    Site site({"GUICHET_SANDBOX_SELFTEST=1", "GUICHET_SMTP_URL=smtp://127.0.0.1:" + std::to_string(smtp_port)});
    PoolLog log = read_pool_log(site, "mailer");
    CHECK(log.sandbox_events == 1);
    CHECK(log.selftest["socket AF_INET"] == "allowed");
    if (guichet::landlock_abi() >= 4) {
        CHECK(log.selftest["connect TCP port 9"] == "denied (EACCES)");  // Landlock: its SMTP port only
    } else {
        MESSAGE("Landlock ABI < 4: TCP ports are not restricted on this kernel");
    }
    CHECK(denied(log.selftest["read keys/receipt.key"]));
#ifndef __SANITIZE_ADDRESS__
    CHECK(denied(log.selftest["exec /bin/true"]));
#endif
    // The other pools still have no inet socket at all.
    CHECK(read_pool_log(site, "claim").selftest["socket AF_INET"] == "denied (EPERM)");
}

TEST_CASE("guichet_sandbox_off_runs_unconfined_and_logs_it") {
    Site site({"GUICHET_SANDBOX=off", "GUICHET_SANDBOX_SELFTEST=1"});
    for (const char* pool : kPools) {
        INFO("pool ", pool);
        PoolLog log = read_pool_log(site, pool);
        CHECK(log.sandbox_events == 0);
        CHECK(log.sandbox_off_events == static_cast<int>(site.workers(pool).size()));
        CHECK(log.selftest.empty());
    }
}

TEST_CASE("no_worker_can_leave_a_core_file") {
    // Nonces, session tokens and the receipt key must never reach a disk in a
    // core dump: every worker sets RLIMIT_CORE to 0 (and PR_SET_DUMPABLE to 0,
    // which it checks itself before serving).
    Site site;
    for (const char* pool : kPools) {
        for (int pid : site.workers(pool)) {
            INFO("pool ", pool, " pid ", pid);
            std::string limits = guichet::read_file("/proc/" + std::to_string(pid) + "/limits").value_or("");
            size_t line = limits.find("Max core file size");
            REQUIRE(line != std::string::npos);
            std::istringstream fields(limits.substr(line + 18, limits.find('\n', line) - line - 18));
            std::string soft, hard;
            fields >> soft >> hard;
            CHECK(soft == "0");
            CHECK(hard == "0");
        }
    }
}
