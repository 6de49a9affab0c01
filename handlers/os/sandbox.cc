#include "os/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "base/fd.h"
#include "base/log.h"
#include "os/pool_probe.h"
#include "os/sanitized.h"
#include "os/syscall_filter.h"

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

std::string folder_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

#ifdef GUICHET_SANITIZED
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

// The errno of an open, or 0 when it succeeded (the file is closed again).
int try_open(const std::string& path, int flags) {
    Fd fd(open(path.c_str(), flags | O_CLOEXEC, 0600));
    if (!fd.valid()) return errno;
    fd.reset();
    if (flags & O_CREAT) unlink(path.c_str());
    return 0;
}

int try_socket() {
    Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    return fd.valid() ? 0 : errno;
}

// io_uring performs socket and file operations without their system calls:
// its errno when refused, 0 when a ring was made.
int try_io_uring() {
    unsigned char params[120] = {};  // struct io_uring_params
    Fd ring(static_cast<int>(syscall(SYS_io_uring_setup, 1, params)));
    return ring.valid() ? 0 : errno;
}

// A user namespace would give back every capability inside it.
int try_unshare() { return unshare(CLONE_NEWUSER) == 0 ? 0 : errno; }

// A child in a new network namespace, through clone rather than unshare.
int try_clone_namespace() {
    long child = syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
    if (child < 0) return errno;
    if (child == 0) _exit(0);
    waitpid(static_cast<pid_t>(child), nullptr, 0);
    return 0;
}

[[maybe_unused]] int try_ptrace() {
    int parent = getppid();
    return ptrace(PTRACE_ATTACH, parent, nullptr, nullptr) == 0 ? (ptrace(PTRACE_DETACH, parent, nullptr, nullptr), 0)
                                                                 : errno;
}

// A call on no list (getcpu, harmless): refused by default, and logged.
int try_unlisted() { return syscall(SYS_getcpu, nullptr, nullptr, nullptr) == 0 ? 0 : errno; }

// Runs /bin/true in a child; its errno when exec failed, 0 when it ran.
int try_exec() {
    pid_t child = fork();
    if (child < 0) return errno;
    if (child == 0) {
        char* const argv[] = {const_cast<char*>("true"), nullptr};
        execve("/bin/true", argv, environ);
        _exit(errno & 0x7f);
    }
    int status = 0;
    if (waitpid(child, &status, 0) < 0) return errno;
    return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

std::string outcome(int error) { return error == 0 ? "allowed" : std::string("denied (") + strerrorname_np(error) + ")"; }

void verify(const Config& config) {
    std::string problems;
    int error = try_open("/etc/passwd", O_RDONLY);
    if (error != EACCES) problems += " read /etc/passwd: " + outcome(error) + ";";
    std::string key = config.keys_dir + "/receipt.key";
    if (access(key.c_str(), F_OK) == 0) {  // access() is a stat: Landlock does not restrict it
        error = try_open(key, O_RDONLY);
        if (error != EACCES) problems += " read " + key + ": " + outcome(error) + ";";
    }
    error = try_socket();
    if (error != EPERM) problems += " socket(AF_INET): " + outcome(error) + ";";
    error = try_io_uring();
    if (error != EPERM) problems += " io_uring_setup: " + outcome(error) + ";";
    error = try_unshare();
    if (error != EPERM) problems += " unshare(CLONE_NEWUSER): " + outcome(error) + ";";
#ifndef GUICHET_SANITIZED
    error = try_ptrace();
    if (error != EPERM) problems += " ptrace: " + outcome(error) + ";";
    char* const argv[] = {nullptr};
    execve("/nonexistent/guichet-probe", argv, environ);  // seccomp answers before the path lookup
    if (errno != EPERM) problems += std::string(" execve: ") + strerrorname_np(errno) + ";";
#endif
    if (!problems.empty()) {
        errno = 0;
        fail("not in effect:" + problems);
    }
}

void selftest(const Config& config) {
    std::string probe = "/.sandbox-selftest-" + std::to_string(getpid());
    auto log = [&](const std::string& what, int error) {
        log_event(config.handler, "sandbox_selftest", what + ": " + outcome(error));
    };
    log("read /etc/passwd", try_open("/etc/passwd", O_RDONLY));
    log("read keys/receipt.key", try_open(config.keys_dir + "/receipt.key", O_RDONLY));
    log("read keys/session.key", try_open(config.keys_dir + "/session.key", O_RDONLY));
    log("create in documents", try_open(config.documents_dir + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("create in status", try_open(config.status_dir + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("create in database folder", try_open(folder_of(config.db_path) + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("create in program folder", try_open(folder_of(config.program_path) + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("write program", try_open(config.program_path, O_WRONLY));
    log("create in /tmp", try_open("/tmp" + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("read database", try_open(config.db_path, O_RDONLY));
    log("read nginx's request bodies", try_open(config.data_dir + "/tmp/client", O_RDONLY | O_DIRECTORY));
    log("socket AF_INET", try_socket());
    log("exec /bin/true", try_exec());
    log("io_uring_setup", try_io_uring());
    log("unshare user namespace", try_unshare());
    log("clone into a network namespace", try_clone_namespace());
#ifndef GUICHET_SANITIZED  // sanitized builds keep ptrace (their leak check): never attach to the parent there
    log("ptrace the parent", try_ptrace());
#endif
    log("unlisted system call (getcpu)", try_unlisted());
    std::string own_socket = env_or("GUICHET_RUN_DIR", config.data_dir + "/run") + "/" + config.handler + ".sock";
    log("connect unix socket", pool_accepts(own_socket) ? 0 : errno);
}

}  // namespace

int landlock_abi() {
    long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : static_cast<int>(abi);
}

SandboxRules database_rules(Db& db) {
    db.exec("PRAGMA temp_store=MEMORY");
    db.exec("PRAGMA user_version");  // a read: WAL mode now has its -wal and -shm files
    SandboxRules rules;
    const std::string& path = db.path();
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
        if (access(file.c_str(), F_OK) != 0) throw std::runtime_error("sandbox: " + file + " does not exist");
        rules.write_files.push_back(file);
    }
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
    apply_syscall_filter(config.handler);
    verify(config);
    log_event(config.handler, "sandbox", "landlock ABI " + std::to_string(abi) + " and seccomp in effect; verified");
    if (env_or("GUICHET_SANDBOX_SELFTEST", "0") == "1") selftest(config);
}

}  // namespace guichet
