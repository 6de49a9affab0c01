// A real Guichet site for one test: nginx and the handler pools started by
// tools/site.sh in a fresh temporary folder, on a free port, with a fresh
// database. Stopped and removed in the destructor, also when a test fails.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/integration/http.h"

namespace guichet::test {

class Site {
public:
    // extra_env: "NAME=value" settings for this site (worker counts, rates...).
    explicit Site(std::vector<std::string> extra_env = {});
    ~Site();
    // Log lines of system calls a worker's sandbox refused by default (see site.cc).
    std::vector<std::string> sandbox_refusals() const;
    // For a case that breaks a pool on purpose: its workers' "cannot start"
    // lines do not fail the case (by default they do, see site.cc).
    void allow_failed_starts() { failed_starts_allowed_ = true; }
    Site(const Site&) = delete;
    Site& operator=(const Site&) = delete;

    const std::string& url() const { return url_; }
    const std::string& data() const { return data_; }
    // The SQLite file, for the tests of SQLite itself (see backend.h).
    std::string db_path() const { return data_ + "/guichet.db"; }
    // What the handlers use: the file, or a postgresql:// URI (backend.h).
    const std::string& database() const { return database_; }
    bool postgres() const;
    // "env GUICHET_DATABASE=... " for a tool run against this site's data.
    std::string tool_env() const;
    int port() const { return port_; }
    // Runs guichet-admin against this site's data; returns its exit status
    // and puts what it printed (stdout and stderr) in *output.
    int admin(const std::vector<std::string>& args, std::string* output = nullptr) const;
    // Pids of a pool's workers (the children of its multiwatch).
    std::vector<int> workers(const std::string& handler) const;
    // How many "started" events a pool's workers have logged (one per start).
    int started_events(const std::string& pool) const;
    // Pid of a pool's supervisor (multiwatch), 0 if not running.
    int pool_pid(const std::string& handler) const;
    // Stops or (re)starts the whole site (idempotent, like deploy.sh).
    void stop();
    void start();
    // Runs one SQL statement on the site's database (through the store, so on
    // either backend) and returns the first column of the first row as text
    // ("" when no row, "error: ..." when it fails).
    std::string sql(const std::string& statement) const;
    // The first column of every row, as text (NULL as ""); throws when the
    // statement fails. What group_concat did, in C++ (portable_sql.h's join).
    std::vector<std::string> column(const std::string& statement) const;

private:
    struct Started {  // a pool before a start: its "started" lines, and its workers
        int events = 0;
        std::vector<int> workers;
    };
    void wait_for_workers(const std::map<std::string, Started>& before) const;
    std::vector<std::string> log_lines_with(const std::string& marker) const;
    std::vector<std::string> env_;
    std::string root_;
    std::string data_;
    std::string database_;
    std::string url_;
    int port_ = 0;
    bool failed_starts_allowed_ = false;
};

// The repository's root (where tools/site.sh is), from GUICHET_ROOT or the
// current directory.
std::string repo_root();
std::string bin_dir();
int free_port();
// Runs a command with a shell; returns its exit status and its output.
int run_command(const std::string& command, std::string* output = nullptr);
std::string shell_quote(const std::string& text);

}  // namespace guichet::test
