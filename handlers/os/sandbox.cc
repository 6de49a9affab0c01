#include "os/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "base/fd.h"
#include "base/log.h"
#include "os/sandbox_check.h"
#include "os/sanitized.h"
#include "os/syscall_filter.h"
#include "store/lock_turns.h"
#include "store/pg_server_address.h"

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

namespace guichet {

namespace {

constexpr uint64_t kRead = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
constexpr uint64_t kFileRights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE |
                                 LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;
constexpr uint64_t kWriteDir = kRead | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG |
                               LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_REFER;
constexpr uint64_t kWriteFile = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE;

// The file-system rights each Landlock ABI knows (all of them are denied unless a rule grants them).
uint64_t handled_fs(int abi) {
    uint64_t all = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  // ABI 1: bits 0..12
    if (abi >= 2) all |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) all |= LANDLOCK_ACCESS_FS_TRUNCATE;
    return all;
}

// struct landlock_ruleset_attr as of ABI 6 (the system header may be older).
struct RulesetAttr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;  // ABI 4
    uint64_t scoped;              // ABI 6
};
constexpr uint64_t kNetBindTcp = 1ULL << 0, kNetConnectTcp = 1ULL << 1;
// ABI 6 scopes: no abstract unix socket outside the sandbox, no signal to a
// process outside it (a worker signals only its own threads).
constexpr uint64_t kScopeAbstractUnixSocket = 1ULL << 0, kScopeSignal = 1ULL << 1;

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("sandbox: " + what + (errno ? std::string(": ") + std::strerror(errno) : ""));
}

void add_rule(int ruleset, const std::string& path, uint64_t access, uint64_t handled) {
    Fd fd(open(path.c_str(), O_PATH | O_CLOEXEC));
    if (fd.get() < 0) fail("cannot open " + path);
    struct stat info {};
    if (fstat(fd.get(), &info) != 0) fail("cannot stat " + path);
    if (!S_ISDIR(info.st_mode)) access &= kFileRights;
    struct landlock_path_beneath_attr rule {};
    rule.allowed_access = access & handled;
    rule.parent_fd = fd.get();
    if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0) fail("rule for " + path);
}


#ifdef GUICHET_SANITIZED
std::string folder_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Where a sanitizer writes its reports (ASAN_OPTIONS=log_path=DIR/prefix), if set.
std::string sanitizer_log_dir(const char* variable) {
    const char* options = std::getenv(variable);
    if (!options) return "";
    std::string text = options;
    auto at = text.find("log_path=");
    if (at == std::string::npos) return "";
    std::string path = text.substr(at + 9, text.find(':', at) == std::string::npos ? std::string::npos
                                                                                   : text.find(':', at) - at - 9);
    return path.find('/') == std::string::npos ? "" : folder_of(path);
}
#endif

void apply_landlock(int abi, const SandboxRules& rules) {
    uint64_t handled = handled_fs(abi);
    RulesetAttr attr{handled, abi >= 4 ? (kNetBindTcp | kNetConnectTcp) : 0,
                     abi >= 6 ? (kScopeAbstractUnixSocket | kScopeSignal) : 0};
    size_t size = abi >= 6 ? sizeof attr : abi >= 4 ? offsetof(RulesetAttr, scoped) : sizeof attr.handled_access_fs;
    int raw = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, size, 0));
    if (raw < 0) fail("landlock_create_ruleset");
    Fd ruleset(raw);
    for (const auto& path : rules.read) add_rule(ruleset.get(), path, kRead, handled);
    for (const auto& path : rules.write_dirs) add_rule(ruleset.get(), path, kWriteDir, handled);
    for (const auto& path : rules.write_files) add_rule(ruleset.get(), path, kWriteFile, handled);
    if (abi >= 4) {  // TCP: no bind at all, connect to the named ports only
        for (uint16_t port : rules.connect_tcp_ports) {
            struct {
                uint64_t allowed_access;
                uint64_t port;
            } __attribute__((packed)) rule{kNetConnectTcp, port};  // struct landlock_net_port_attr
            if (syscall(SYS_landlock_add_rule, ruleset.get(), 2 /* LANDLOCK_RULE_NET_PORT */, &rule, 0) != 0) {
                fail("rule for TCP port " + std::to_string(port));
            }
        }
    }
#ifdef GUICHET_SANITIZED
    // Sanitized builds (make check SANITIZE=1) read /proc and the binaries to
    // write their reports, into the folder named by log_path.
    for (const char* path : {"/proc", "/usr", "/lib", "/lib64"}) {
        if (access(path, F_OK) == 0) {
            add_rule(ruleset.get(), path, kRead | LANDLOCK_ACCESS_FS_EXECUTE, handled);
        }
    }
    for (const char* variable : {"ASAN_OPTIONS", "UBSAN_OPTIONS"}) {
        std::string dir = sanitizer_log_dir(variable);
        if (!dir.empty() && access(dir.c_str(), F_OK) == 0) add_rule(ruleset.get(), dir, kWriteDir, handled);
    }
#endif
    if (syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0) fail("landlock_restrict_self");
}

}  // namespace

int landlock_abi() {
    long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : static_cast<int>(abi);
}

SandboxRules database_rules(Db& db) {
    SandboxRules rules;
    if (db.is_postgres()) {
        // No file: the server is reached through a socket. Landlock does not
        // restrict connecting to a unix socket by its path, and seccomp allows
        // AF_UNIX sockets to every pool; TCP needs the servers' ports, which
        // also allows inet sockets (as for the mailer's SMTP).
        for (uint16_t port : pg_server_address(db.path()).tcp_ports) rules.connect_tcp_ports.push_back(port);
        rules.read.push_back("/dev/urandom");
        return rules;
    }
    db.exec("PRAGMA temp_store=MEMORY");
    db.exec("PRAGMA user_version");  // a read: WAL mode now has its -wal and -shm files
    const std::string& path = db.path();
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
        if (access(file.c_str(), F_OK) != 0) throw std::runtime_error("sandbox: " + file + " does not exist");
        rules.write_files.push_back(file);
    }
    // Writers' turns at the lock (store/lock_turns.h), when the file could be made.
    if (access(LockTurns::file_of(path).c_str(), F_OK) == 0) rules.write_files.push_back(LockTurns::file_of(path));
    rules.read.push_back("/dev/urandom");
    return rules;
}

void enter_sandbox(const Config& config, const SandboxRules& rules) {
    // Always, sandbox or not: the nonce pool, session tokens and the receipt
    // key never reach a core file, and no process of the same user may ptrace
    // this one or read its memory (/proc/PID/mem).
    rlimit no_core{0, 0};
    if (setrlimit(RLIMIT_CORE, &no_core) != 0) fail("RLIMIT_CORE");
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0) fail("PR_SET_DUMPABLE");
    if (env_or("GUICHET_SANDBOX", "on") == "off") {
        log_event(config.handler, "sandbox_off", "GUICHET_SANDBOX=off: running unconfined");
        return;
    }
    int abi = landlock_abi();
    errno = 0;
    if (abi < 1) fail("Landlock is not available (Linux >= 5.13 with landlock in lsm=)");
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail("no_new_privs");
    apply_landlock(abi, rules);
    apply_syscall_filter(config.handler, !rules.connect_tcp_ports.empty());
    verify_sandbox(config, rules);
    log_event(config.handler, "sandbox", "landlock ABI " + std::to_string(abi) + " and seccomp in effect; verified");
    if (env_or("GUICHET_SANDBOX_SELFTEST", "0") == "1") sandbox_selftest(config, rules);
}

}  // namespace guichet
