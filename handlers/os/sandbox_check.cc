#include "os/sandbox_check.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "base/fd.h"
#include "base/log.h"
#include "os/pool_probe.h"
#include "os/sanitized.h"
#include "store/db.h"

namespace guichet {

namespace {

std::string folder_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
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

// A TCP connection to 127.0.0.1:port: the socket's errno, or the connect's
// (ECONNREFUSED when allowed and nobody listens, EACCES when Landlock refuses).
int try_tcp_connect(uint16_t port) {
    Fd fd(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd.valid()) return errno;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ? 0 : errno;
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

}  // namespace

void verify_sandbox(const Config& config, const SandboxRules& rules) {
    std::string problems;
    int error = try_open("/etc/passwd", O_RDONLY);
    if (error != EACCES) problems += " read /etc/passwd: " + outcome(error) + ";";
    std::string key = config.keys_dir + "/receipt.key";
    if (access(key.c_str(), F_OK) == 0) {  // access() is a stat: Landlock does not restrict it
        error = try_open(key, O_RDONLY);
        if (error != EACCES) problems += " read " + key + ": " + outcome(error) + ";";
    }
    error = try_socket();
    if (error != (rules.connect_tcp_ports.empty() ? EPERM : 0)) problems += " socket(AF_INET): " + outcome(error) + ";";
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
    if (!problems.empty()) throw std::runtime_error("sandbox: not in effect:" + problems);
}

void sandbox_selftest(const Config& config, const SandboxRules& rules) {
    std::string probe = "/.sandbox-selftest-" + std::to_string(getpid());
    auto log = [&](const std::string& what, int error) {
        log_event(config.handler, "sandbox_selftest", what + ": " + outcome(error));
    };
    log("read /etc/passwd", try_open("/etc/passwd", O_RDONLY));
    log("read keys/receipt.key", try_open(config.keys_dir + "/receipt.key", O_RDONLY));
    log("read keys/session.key", try_open(config.keys_dir + "/session.key", O_RDONLY));
    log("read keys/identity.key", try_open(config.keys_dir + "/identity.key", O_RDONLY));
    log("create in documents", try_open(config.documents_dir + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("create in status", try_open(config.status_dir + probe, O_WRONLY | O_CREAT | O_EXCL));
    bool server = is_postgres_uri(config.db_path);  // reached through its socket, no file of ours
    if (!server) log("create in database folder", try_open(folder_of(config.db_path) + probe, O_WRONLY | O_CREAT | O_EXCL));
    if (server) log("create in data folder", try_open(config.data_dir + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("create in program folder", try_open(folder_of(config.program_path) + probe, O_WRONLY | O_CREAT | O_EXCL));
    log("write program", try_open(config.program_path, O_WRONLY));
    log("create in /tmp", try_open("/tmp" + probe, O_WRONLY | O_CREAT | O_EXCL));
    if (!server) log("read database", try_open(config.db_path, O_RDONLY));
    log("read nginx's request bodies", try_open(config.data_dir + "/tmp/client", O_RDONLY | O_DIRECTORY));
    log("socket AF_INET", try_socket());
    // Port 9 (discard) is never one a pool may reach, mailer included.
    bool port_9_allowed = false;
    for (uint16_t port : rules.connect_tcp_ports) port_9_allowed = port_9_allowed || port == 9;
    if (!port_9_allowed) log("connect TCP port 9", try_tcp_connect(9));
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


}  // namespace guichet
