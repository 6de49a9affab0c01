#include "os/syscall_filter.h"

#include <errno.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/ucontext.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include "base/clock.h"
#include "os/sanitized.h"

namespace guichet {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("sandbox: " + what); }

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
constexpr uint64_t kNamespaceFlags[] = {CLONE_NEWNS,  CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
                                        CLONE_NEWUSER, CLONE_NEWPID,   CLONE_NEWNET, CLONE_NEWTIME};

// For the SIGSYS handler, which may not allocate or lock: the pool's name and
// every system call's name, filled before the filter is loaded.
char refused_handler[64];
constexpr int kMaxSyscall = 1024;
const char* refused_names[kMaxSyscall];

size_t append(char* out, size_t at, size_t room, const char* text) {
    while (*text && at + 1 < room) out[at++] = *text++;
    return at;
}

size_t append_number(char* out, size_t at, size_t room, uint64_t value) {
    char digits[24];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < 20);
    while (n > 0 && at + 1 < room) out[at++] = digits[--n];
    return at;
}

// A log line as log_event writes it, from async-signal-safe parts only.
void on_refused_syscall(int, siginfo_t* info, void* context) {
    int saved_errno = errno;
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    char time_text[kTimeTextSize];
    format_time_into(static_cast<int64_t>(now.tv_sec) * 1000 + now.tv_nsec / 1000000, time_text);
    char line[256];
    size_t at = 0, room = sizeof line - 2;
    at = append(line, at, room, "{\"time\":\"");
    at = append(line, at, room, time_text);
    at = append(line, at, room, "\",\"handler\":\"");
    at = append(line, at, room, refused_handler);
    at = append(line, at, room, "\",\"event\":\"sandbox_refused\",\"detail\":\"system call ");
    int number = info->si_syscall;
    const char* name = number >= 0 && number < kMaxSyscall ? refused_names[number] : nullptr;
    if (name) {
        at = append(line, at, room, name);
        at = append(line, at, room, " (");
    }
    at = append_number(line, at, room, static_cast<uint64_t>(number < 0 ? 0 : number));
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

}  // namespace

void apply_syscall_filter(const std::string& handler, bool inet_sockets) {
    install_refusal_handler(handler);
    Filter filter{seccomp_init(SCMP_ACT_TRAP)};
    if (!filter.ctx) fail("seccomp_init");
    for (const char* name : kAllowed) filter.add(SCMP_ACT_ALLOW, name);
    for (const char* name : kRefusedQuietly) filter.add(SCMP_ACT_ERRNO(EPERM), name);
    // Sockets: only AF_UNIX (the FastCGI socket is inherited, never created;
    // the admin and metrics pools connect to the pools' sockets).
    // The mailer also opens TCP sockets (Landlock says to which port).
    filter.add(SCMP_ACT_ALLOW, "socket", {arg_equals(0, AF_UNIX)});
    filter.add(SCMP_ACT_ALLOW, "socketpair", {arg_equals(0, AF_UNIX)});  // libcurl's wake-up pair
    if (inet_sockets) {
        filter.add(SCMP_ACT_ALLOW, "socket", {arg_equals(0, AF_INET)});
        filter.add(SCMP_ACT_ALLOW, "socket", {arg_equals(0, AF_INET6)});
        // Any other family falls to the default: refused, and logged.
    } else {
        filter.add(SCMP_ACT_ERRNO(EPERM), "socket", {scmp_arg_cmp{0, SCMP_CMP_NE, AF_UNIX, 0}});
    }
    // Threads, and the start-up check's fork: clone without new namespaces;
    // clone3 (whose flags seccomp cannot read) answers ENOSYS, so glibc uses clone.
    uint64_t any_namespace = 0;
    for (uint64_t flag : kNamespaceFlags) {
        any_namespace |= flag;
        filter.add(SCMP_ACT_ERRNO(EPERM), "clone", {arg_masked(0, flag, flag)});  // any one of them: refused quietly
    }
    filter.add(SCMP_ACT_ALLOW, "clone", {arg_masked(0, any_namespace, 0)});
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

}  // namespace guichet
