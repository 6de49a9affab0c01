#include "tests/unit/pg_server.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <stdexcept>

namespace guichet::test {

namespace {

constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin/initdb";

// The server this process started, stopped when the process ends.
struct StartedServer {
    std::string dir;
    std::string uri;
    StartedServer() {
        if (access(kPgBin, X_OK) != 0 || access("tools/pg-test.sh", X_OK) != 0) return;
        char pattern[] = "/tmp/guichet-pg-XXXXXX";
        if (!mkdtemp(pattern)) return;
        dir = pattern;
        std::string command = "tools/pg-test.sh start " + dir + " 2>&1";
        FILE* out = popen(command.c_str(), "r");
        if (!out) return;
        std::string text;
        char buffer[512];
        while (std::fgets(buffer, sizeof buffer, out)) text += buffer;
        int status = pclose(out);
        while (!text.empty() && text.back() == '\n') text.pop_back();
        size_t line = text.rfind('\n');
        std::string last = line == std::string::npos ? text : text.substr(line + 1);
        if (status == 0 && is_postgres_uri(last)) {
            uri = last;
        } else {
            std::fprintf(stderr, "pg-test.sh start failed: %s\n", text.c_str());
        }
    }
    ~StartedServer() {
        if (dir.empty()) return;
        std::string command = "tools/pg-test.sh stop " + dir + " >/dev/null 2>&1";
        if (std::system(command.c_str()) != 0) std::fprintf(stderr, "pg-test.sh stop %s failed\n", dir.c_str());
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

}  // namespace

const std::string& test_postgres() {
    static const std::string uri = [] {
        const char* given = getenv("GUICHET_TEST_POSTGRES");
        if (given && std::string(given) == "off") return std::string();
        if (given && *given) return std::string(given);
        static StartedServer server;
        return server.uri;
    }();
    return uri;
}

std::string fresh_postgres_schema() {
    const std::string& base = test_postgres();
    if (base.empty()) throw std::logic_error("no PostgreSQL for tests");
    // Random: many test processes share one server (tools/run-integration.sh),
    // and a process id comes back.
    static std::random_device entropy;
    char schema_name[32];
    std::snprintf(schema_name, sizeof schema_name, "t%08x%08x", entropy(), entropy());
    std::string schema = schema_name;
    PGconn* conn = PQconnectdb(base.c_str());
    PGresult* result = PQexec(conn, ("CREATE SCHEMA " + schema).c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string error = PQerrorMessage(conn);
    PQclear(result);
    PQfinish(conn);
    if (!ok) throw std::runtime_error("create schema: " + error);
    // application_name names the schema too, so a test can tell its own
    // connections from other cases' on the shared server (pg_stat_activity).
    return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema +
           "&application_name=" + schema;
}

std::vector<TestStore> test_stores(const std::string& dir) {
    std::vector<TestStore> stores{{"sqlite", dir + "/store.db"}};
    Db(stores[0].name, Durability::normal, 1000, true);  // creates the file
    if (!test_postgres().empty()) stores.push_back({"postgres", fresh_postgres_schema()});
    return stores;
}

}  // namespace guichet::test
