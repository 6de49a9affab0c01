#include "os/sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <seccomp.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/un.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/ucontext.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "base/fd.h"
#include "base/log.h"

#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif

#if defined(__SANITIZE_ADDRESS__)
#define GUICHET_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GUICHET_SANITIZED 1
#endif
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

// --- seccomp: an allow-list -------------------------------------------------
//
// Every system call not named below is refused. The refusal is a SIGSYS
// (SCMP_ACT_TRAP) whose handler makes the call return EPERM and writes one
// "sandbox_refused" line naming it to the pool's log: a worker never dies of
// a call it was not expected to make, and the integration suite fails on any
// such line (tests/integration/site.cc), so the list is proved complete by
// the whole suite, not guessed. The calls a worker must never make and that
// the start-up check tries on purpose (exec, ptrace, io_uring, namespaces,
// network sockets) are refused quietly with EPERM instead.

// What a handler does once serving: files through its Landlock rules, memory,
// its own threads, time, waiting, the FastCGI socket and unix sockets, random
// bytes. Names the kernel of this architecture does not have are skipped.
const char* const kAllowed[] = {
    // descriptors and files (Landlock decides which files)
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2", "lseek",
    "close", "close_range", "dup", "dup2", "dup3", "open", "openat", "stat", "fstat", "lstat", "newfstatat", "statx",
    "access", "faccessat", "faccessat2", "readlink", "readlinkat", "getdents", "getdents64", "rename", "renameat",
    "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir", "link", "linkat", "fsync", "fdatasync",
    "sync_file_range", "ftruncate", "truncate", "fallocate", "fcntl", "flock", "fchmod", "fchown", "utimensat",
    "statfs", "fstatfs", "getcwd", "umask", "fadvise64", "readahead", "copy_file_range", "sendfile",
    // memory
    "brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "mlock", "mlock2", "munlock", "msync", "mincore",
    // this process and its threads
    "exit", "exit_group", "futex", "set_robust_list", "get_robust_list", "rseq", "set_tid_address", "gettid",
    "getpid", "getppid", "getuid", "geteuid", "getgid", "getegid", "getgroups", "getresuid", "getresgid",
    "sched_yield", "sched_getaffinity", "sched_getparam", "sched_getscheduler", "getpriority", "getrlimit",
    "getrusage", "times", "wait4", "waitid", "uname", "sysinfo", "getrandom",
    // signals
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigtimedwait", "rt_sigsuspend", "rt_sigpending",
    "sigaltstack", "restart_syscall", "pause",
    // time and waiting
    "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep", "poll", "ppoll",
    "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait", "epoll_pwait", "epoll_pwait2",
    "eventfd2", "pipe", "pipe2",
    // the inherited FastCGI socket, and unix sockets (socket() itself below)
    "accept", "accept4", "recvfrom", "sendto", "recvmsg", "sendmsg", "recvmmsg", "sendmmsg", "shutdown",
    "getsockname", "getpeername", "getsockopt", "setsockopt", "connect",
#ifdef GUICHET_SANITIZED
    // ASan/LSan/UBSan (make check SANITIZE=1): the leak check stops the
    // threads with ptrace, the symbolizer is a program of its own.
    "execve", "execveat", "ptrace", "personality", "kill", "tkill", "prctl", "ioctl", "sched_setaffinity",
    "setpgid", "getpgid", "getsid", "prlimit64",
#endif
};

// Refused quietly (EPERM): what the start-up check tries on purpose, and the
// ways around the rest of the sandbox (io_uring performs socket and file
// operations without their system calls).
const char* const kRefusedQuietly[] = {
#ifndef GUICHET_SANITIZED
    "execve", "execveat", "ptrace",
#endif
    "io_uring_setup", "io_uring_enter", "io_uring_register", "unshare", "setns",
};

// The clone flags that make new namespaces (unshare's, through clone).
constexpr uint64_t kNamespaceFlags = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
                                     CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME;

// For the SIGSYS handler, which may not allocate or lock: the pool's name and
// every system call's name, filled before the filter is loaded.
char refused_handler[64];
constexpr int kMaxSyscall = 1024;
const char* refused_names[kMaxSyscall];

size_t append(char* out, size_t at, size_t room, const char* text) {
    while (*text && at + 1 < room) out[at++] = *text++;
    return at;
}

size_t append_number(char* out, size_t at, size_t room, uint64_t value, int width) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < 20);
    while (n < width) digits[n++] = '0';
    while (n > 0 && at + 1 < room) out[at++] = digits[--n];
    return at;
}

// A log line as log_event writes it, from async-signal-safe parts only (the
// date by Howard Hinnant's days-to-civil, since gmtime_r may take a lock).
void on_refused_syscall(int, siginfo_t* info, void* context) {
    int saved_errno = errno;
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t days = now.tv_sec / 86400, seconds = now.tv_sec % 86400;
    int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, day = doy - (153 * mp + 2) / 5 + 1, month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    char line[256];
    size_t at = 0, room = sizeof line - 2;
    at = append(line, at, room, "{\"time\":\"");
    at = append_number(line, at, room, static_cast<uint64_t>(year), 4);
    at = append(line, at, room, "-");
    at = append_number(line, at, room, static_cast<uint64_t>(month), 2);
    at = append(line, at, room, "-");
    at = append_number(line, at, room, static_cast<uint64_t>(day), 2);
    at = append(line, at, room, "T");
    at = append_number(line, at, room, static_cast<uint64_t>(seconds / 3600), 2);
    at = append(line, at, room, ":");
    at = append_number(line, at, room, static_cast<uint64_t>(seconds / 60 % 60), 2);
    at = append(line, at, room, ":");
    at = append_number(line, at, room, static_cast<uint64_t>(seconds % 60), 2);
    at = append(line, at, room, ".");
    at = append_number(line, at, room, static_cast<uint64_t>(now.tv_nsec / 1000000), 3);
    at = append(line, at, room, "Z\",\"handler\":\"");
    at = append(line, at, room, refused_handler);
    at = append(line, at, room, "\",\"event\":\"sandbox_refused\",\"detail\":\"system call ");
    int number = info->si_syscall;
    const char* name = number >= 0 && number < kMaxSyscall ? refused_names[number] : nullptr;
    if (name) {
        at = append(line, at, room, name);
        at = append(line, at, room, " (");
    }
    at = append_number(line, at, room, static_cast<uint64_t>(number < 0 ? 0 : number), 1);
    if (name) at = append(line, at, room, ")");
    at = append(line, at, room, " refused (EPERM)\"}\n");
    ssize_t ignored = write(STDERR_FILENO, line, at);
    (void)ignored;
    // The call returns -EPERM, as if the kernel had refused it.
#if defined(__x86_64__)
    static_cast<ucontext_t*>(context)->uc_mcontext.gregs[REG_RAX] = -EPERM;
#elif defined(__aarch64__)
    static_cast<ucontext_t*>(context)->uc_mcontext.regs[0] = static_cast<uint64_t>(-EPERM);
#else
#error "set the refused system call's return register for this architecture"
#endif
    errno = saved_errno;
}

void install_refusal_handler(const std::string& handler) {
    size_t n = std::min(handler.size(), sizeof refused_handler - 1);
    std::memcpy(refused_handler, handler.data(), n);
    refused_handler[n] = '\0';
    for (int number = 0; number < kMaxSyscall; ++number) {
        char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
        refused_names[number] = name;  // kept for the life of the process (the handler reads them)
    }
    struct sigaction action {};
    action.sa_sigaction = on_refused_syscall;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGSYS, &action, nullptr) != 0) fail("sigaction SIGSYS");
    // A thread that blocked SIGSYS would be killed by a refused call instead.
    sigset_t sys;
    sigemptyset(&sys);
    sigaddset(&sys, SIGSYS);
    pthread_sigmask(SIG_UNBLOCK, &sys, nullptr);
}

struct Filter {
    scmp_filter_ctx ctx;
    ~Filter() { seccomp_release(ctx); }
    void add(uint32_t action, const char* name, std::initializer_list<scmp_arg_cmp> args = {}) {
        int number = seccomp_syscall_resolve_name(name);
        if (number == __NR_SCMP_ERROR) return;  // not on this architecture
        if (seccomp_rule_add_array(ctx, action, number, static_cast<unsigned>(args.size()), args.begin()) != 0) {
            fail(std::string("seccomp rule for ") + name);
        }
    }
};

scmp_arg_cmp arg_equals(unsigned arg, uint64_t value) { return scmp_arg_cmp{arg, SCMP_CMP_EQ, value, 0}; }
scmp_arg_cmp arg_masked(unsigned arg, uint64_t mask, uint64_t value) {
    return scmp_arg_cmp{arg, SCMP_CMP_MASKED_EQ, mask, value};
}

void apply_seccomp(const std::string& handler) {
    install_refusal_handler(handler);
    Filter filter{seccomp_init(SCMP_ACT_TRAP)};
    if (!filter.ctx) fail("seccomp_init");
    for (const char* name : kAllowed) filter.add(SCMP_ACT_ALLOW, name);
    for (const char* name : kRefusedQuietly) filter.add(SCMP_ACT_ERRNO(EPERM), name);
    // Sockets: only AF_UNIX (the FastCGI socket is inherited, never created;
    // the admin and metrics pools connect to the pools' sockets).
    filter.add(SCMP_ACT_ALLOW, "socket", {arg_equals(0, AF_UNIX)});
    filter.add(SCMP_ACT_ERRNO(EPERM), "socket", {scmp_arg_cmp{0, SCMP_CMP_NE, AF_UNIX, 0}});
    // Threads, and the start-up check's fork: clone without new namespaces;
    // clone3 (whose flags seccomp cannot read) answers ENOSYS, so glibc uses clone.
    filter.add(SCMP_ACT_ALLOW, "clone", {arg_masked(0, kNamespaceFlags, 0)});
    for (uint64_t flag : {CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
                          CLONE_NEWNET, CLONE_NEWTIME}) {  // any one of them: refused quietly
        filter.add(SCMP_ACT_ERRNO(EPERM), "clone", {arg_masked(0, flag, flag)});
    }
    filter.add(SCMP_ACT_ERRNO(ENOSYS), "clone3");
    // Signals only to its own threads (pthread_kill, abort): tgkill with this
    // process's id. Landlock's signal scope (ABI 6) says the same.
    filter.add(SCMP_ACT_ALLOW, "tgkill", {arg_equals(0, static_cast<uint64_t>(getpid()))});
    // Its own priority (the nonce filler's SCHED_IDLE), nobody else's.
    filter.add(SCMP_ACT_ALLOW, "sched_setscheduler", {arg_equals(0, 0)});
    filter.add(SCMP_ACT_ALLOW, "setpriority", {arg_equals(0, PRIO_PROCESS), arg_equals(1, 0)});
    // Reading limits, never setting them (RLIMIT_CORE stays 0).
#ifndef GUICHET_SANITIZED
    filter.add(SCMP_ACT_ALLOW, "prlimit64", {arg_equals(0, 0), arg_equals(2, 0)});
    // prctl: names and reads only; dumpable, ptracer and the filter stay as set.
    for (int option : {PR_SET_NAME, PR_GET_NAME, PR_GET_DUMPABLE, PR_GET_NO_NEW_PRIVS, PR_GET_SECCOMP}) {
        filter.add(SCMP_ACT_ALLOW, "prctl", {arg_equals(0, static_cast<uint64_t>(option))});
    }
    // ioctl: what isatty and non-blocking sockets need, no terminal or device control.
    for (unsigned long request : {TCGETS, FIONREAD, FIONBIO, FIOCLEX, FIONCLEX}) {
        filter.add(SCMP_ACT_ALLOW, "ioctl", {arg_equals(1, request)});
    }
#endif
    if (seccomp_load(filter.ctx) != 0) fail("seccomp_load");
}

// The errno of an open, or 0 when it succeeded (the file is closed again).
int try_open(const std::string& path, int flags) {
    Fd fd(open(path.c_str(), flags | O_CLOEXEC, 0600));
    if (!fd.valid()) return errno;
    fd.reset();
    if (flags & O_CREAT) unlink(path.c_str());
    return 0;
}

// A unix socket to the pool's own FastCGI socket, if named (<run>/<handler>.sock).
int try_connect_unix(const Config& config) {
    Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return errno;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::string path = env_or("GUICHET_RUN_DIR", config.data_dir + "/run") + "/" + config.handler + ".sock";
    if (path.size() >= sizeof address.sun_path) return ENAMETOOLONG;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    return connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ? 0 : errno;
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
    log("socket AF_INET", try_socket());
    log("exec /bin/true", try_exec());
    log("io_uring_setup", try_io_uring());
    log("unshare user namespace", try_unshare());
    log("clone into a network namespace", try_clone_namespace());
#ifndef GUICHET_SANITIZED  // sanitized builds keep ptrace (their leak check): never attach to the parent there
    log("ptrace the parent", try_ptrace());
#endif
    log("unlisted system call (getcpu)", try_unlisted());
    log("connect unix socket", try_connect_unix(config));
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
    apply_seccomp(config.handler);
    verify(config);
    log_event(config.handler, "sandbox", "landlock ABI " + std::to_string(abi) + " and seccomp in effect; verified");
    if (env_or("GUICHET_SANDBOX_SELFTEST", "0") == "1") selftest(config);
}

}  // namespace guichet
