#include "tests/integration/site.h"

#include <dirent.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "store/db.h"
#include "tests/integration/backend.h"

namespace guichet::test {

namespace {
// tools/site.sh's HANDLERS: each logs "started" once per worker.
const char* const kPoolNames[] = {"window", "accounts", "dossier", "upload", "claim", "admin", "metrics", "mailer"};
}  // namespace

std::string repo_root() {
    const char* root = std::getenv("GUICHET_ROOT");
    if (root && *root) return root;
    char buffer[4096];
    if (!getcwd(buffer, sizeof buffer)) throw std::runtime_error("getcwd failed");
    return buffer;
}

std::string bin_dir() {
    const char* bin = std::getenv("GUICHET_BIN");
    return bin && *bin ? bin : repo_root() + "/build/bin";
}

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error("cannot find a free port");
    }
    close(fd);
    return ntohs(address.sin_port);
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

int run_command(const std::string& command, std::string* output) {
    std::string full = command + " 2>&1";
    FILE* pipe = popen(full.c_str(), "r");
    if (!pipe) return -1;
    std::string text;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
    int status = pclose(pipe);
    if (output) *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Site::Site(std::vector<std::string> extra_env) : env_(std::move(extra_env)), root_(repo_root()) {
    char pattern[] = "/tmp/guichet-test-XXXXXX";
    if (!mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
    data_ = pattern;
    // A site given another's database (GUICHET_DATABASE=...) is a second front node of it.
    const std::string shared = "GUICHET_DATABASE=";
    for (const std::string& setting : env_) {
        if (setting.compare(0, shared.size(), shared) == 0) database_ = setting.substr(shared.size());
    }
    if (database_.empty()) database_ = new_site_database(data_);
    port_ = free_port();
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    start();
}

// The lines of the site's logs that contain `marker`.
std::vector<std::string> Site::log_lines_with(const std::string& marker) const {
    std::vector<std::string> found;
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir((data_ + "/logs").c_str()), closedir);
    if (!dir) return found;
    while (dirent* entry = readdir(dir.get())) {
        std::string name = entry->d_name;
        if (name.size() < 4 || name.compare(name.size() - 4, 4, ".log") != 0) continue;
        std::ifstream log(data_ + "/logs/" + name);
        std::string line;
        while (std::getline(log, line)) {
            if (line.find(marker) != std::string::npos) found.push_back(line);
        }
    }
    return found;
}

// Every system call a confined worker made that its allow-list does not name
// (os/sandbox.cc logs each as "sandbox_refused"): the whole suite is the
// proof that the list is complete. The selftest's deliberate probe (getcpu)
// is not one of them.
std::vector<std::string> Site::sandbox_refusals() const {
    std::vector<std::string> found;
    for (std::string& line : log_lines_with("\"sandbox_refused\"")) {
        if (line.find("getcpu") == std::string::npos) found.push_back(std::move(line));
    }
    return found;
}

// A worker that cannot start (http/run_pool.cc) leaves its pool without
// workers, and the case then waits out every timeout: a case whose site did
// not break a pool on purpose (allow_failed_starts) fails, naming the cause.
Site::~Site() {
    stop();
    for (const std::string& line : sandbox_refusals()) FAIL_CHECK("a worker made a system call its sandbox refuses: ", line);
    if (!failed_starts_allowed_) {
        for (const std::string& line : log_lines_with("\"event\":\"cannot start\"")) {
            FAIL_CHECK("a worker could not start: ", line);
        }
    }
    if (!std::getenv("GUICHET_KEEP_TEST_DATA")) run_command("rm -rf " + shell_quote(data_));
}

void Site::start() {
    // Small receipt-nonce pools (64 per claim worker): a test claims a few
    // times, mostly, and past the pool receipts are signed the slow way, which
    // the tests then cover too. Filling 2,000 kept the cores busy after every
    // start: the suite 4 at a time took 232 s with 2,000 and 144 s with 64. The loopback is a trusted
    // proxy, so a test can speak for other clients with X-Forwarded-For (every
    // test client connects from 127.0.0.1). A setting in env_ wins.
    std::string command = "cd " + shell_quote(root_) + " && env GUICHET_BIN=" + shell_quote(bin_dir()) +
                          " GUICHET_CLAIM_NONCES=64 GUICHET_TRUSTED_PROXIES=127.0.0.1 GUICHET_DATABASE=" +
                          shell_quote(database_);
    for (const std::string& setting : env_) command += " " + shell_quote(setting);
    command += " tools/site.sh start " + shell_quote(data_) + " " + std::to_string(port_);
    std::map<std::string, Started> before;
    for (const char* pool : kPoolNames) before[pool] = Started{started_events(pool), workers(pool)};
    std::string output;
    if (run_command(command, &output) != 0) throw std::runtime_error("site start failed: " + output);
    wait_for_workers(before);
}

// site.sh returns once each pool's socket exists and nginx answers; a worker
// may still be opening its connections (on PostgreSQL a claim worker opens one
// per request thread, about 66) before it confines itself and logs "started".
// A test that reads the workers' logs or /proc needs them all there. Only
// the workers that were not there before the start are waited for: a start
// that brings one stopped pool back leaves the others as they were, and they
// log nothing (waiting for them cost such a test the whole 15 s).
void Site::wait_for_workers(const std::map<std::string, Started>& before) const {
    for (int tries = 0; tries < 300; ++tries) {
        bool all = true;
        for (const char* pool : kPoolNames) {
            const Started& was = before.at(pool);
            int fresh = 0;
            for (int pid : workers(pool)) {
                fresh += std::find(was.workers.begin(), was.workers.end(), pid) == was.workers.end();
            }
            if (started_events(pool) - was.events < fresh) all = false;
        }
        if (all) return;
        usleep(50 * 1000);
    }
}

int Site::started_events(const std::string& pool) const {
    std::ifstream log(data_ + "/logs/" + pool + ".log");
    std::string line;
    int count = 0;
    while (std::getline(log, line)) count += line.find("\"event\":\"started\"") != std::string::npos;
    return count;
}

void Site::stop() { run_command(shell_quote(root_ + "/tools/site.sh") + " stop " + shell_quote(data_)); }

int Site::admin(const std::vector<std::string>& args, std::string* output) const {
    // With the site's own settings, as an operator's shell on that node has them.
    std::string command = "cd " + shell_quote(root_) + " && " + tool_env();
    for (const std::string& setting : env_) command += shell_quote(setting) + " ";
    command += shell_quote(bin_dir() + "/guichet-admin") + " --data " + shell_quote(data_);
    for (const std::string& arg : args) command += " " + shell_quote(arg);
    return run_command(command, output);
}

int Site::pool_pid(const std::string& handler) const {
    std::ifstream file(data_ + "/run/" + handler + ".pid");
    int pid = 0;
    if (!(file >> pid) || kill(pid, 0) != 0) return 0;
    return pid;
}

std::vector<int> Site::workers(const std::string& handler) const {
    std::vector<int> pids;
    int parent = pool_pid(handler);
    if (parent == 0) return pids;
    std::ifstream children("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) + "/children");
    int pid;
    while (children >> pid) pids.push_back(pid);
    return pids;
}

bool Site::postgres() const { return is_postgres_uri(database_); }

std::string Site::tool_env() const { return "env GUICHET_DATABASE=" + shell_quote(database_) + " "; }

std::string Site::sql(const std::string& statement) const {
    try {
        Db db(database_, Durability::normal, 5000);
        Stmt stmt = db.prepare(statement.c_str());
        return stmt.step() && !stmt.is_null(0) ? stmt.text(0) : "";
    } catch (const std::exception& error) {
        return std::string("error: ") + error.what();
    }
}

std::vector<std::string> Site::column(const std::string& statement) const {
    Db db(database_, Durability::normal, 5000);
    Stmt stmt = db.prepare(statement.c_str());
    std::vector<std::string> found;
    while (stmt.step()) found.push_back(stmt.is_null(0) ? "" : stmt.text(0));
    return found;
}

}  // namespace guichet::test
