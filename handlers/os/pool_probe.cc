#include "os/pool_probe.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "base/fd.h"

namespace guichet {

namespace {

void append_record(std::string& out, unsigned char type, const std::string& content) {
    unsigned char header[8] = {1, type, 0, 1, static_cast<unsigned char>(content.size() >> 8),
                               static_cast<unsigned char>(content.size() & 0xff), 0, 0};
    out.append(reinterpret_cast<const char*>(header), 8);
    out += content;
}

void append_pair(std::string& out, const std::string& name, const std::string& value) {
    out += static_cast<char>(name.size());
    out += static_cast<char>(value.size());
    out += name;
    out += value;
}

std::string probe_request() {
    std::string out;
    std::string begin(8, '\0');
    begin[1] = 1;  // FCGI_RESPONDER, no keep-alive
    append_record(out, 1, begin);
    std::string params;
    append_pair(params, "REQUEST_METHOD", "HEAD");
    append_pair(params, "DOCUMENT_URI", "/.guichet-probe");
    append_pair(params, "REMOTE_ADDR", "127.0.0.1");
    append_record(out, 4, params);
    append_record(out, 4, "");
    append_record(out, 5, "");
    return out;
}

// connect_pool: a connected socket, or fd -1 with errno set.
Fd connect_pool(const std::string& socket_path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.size() >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        return Fd();
    }
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0 && connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        int error = errno;  // the caller reports connect's errno, not close's
        close(fd);
        fd = -1;
        errno = error;
    }
    return Fd(fd);
}

}  // namespace

bool pool_accepts(const std::string& socket_path) { return connect_pool(socket_path).valid(); }

PoolHealth probe_pool(const std::string& name, const std::string& socket_path, int timeout_ms) {
    PoolHealth health{name, "down", 0, ""};
    auto start = std::chrono::steady_clock::now();
    auto elapsed_ms = [&] {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    if (socket_path.size() >= sizeof(sockaddr_un::sun_path)) {
        health.detail = "socket path too long";
        return health;
    }
    Fd sock = connect_pool(socket_path);
    if (!sock.valid()) {
        health.state = errno == ENOENT ? "absent" : "down";
        health.detail = std::strerror(errno);
        return health;
    }
    std::string request = probe_request();
    if (send(sock.get(), request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        health.detail = std::strerror(errno);
        return health;
    }
    std::string reply;
    char buffer[4096];
    for (;;) {
        int left = timeout_ms - static_cast<int>(elapsed_ms());
        pollfd p{sock.get(), POLLIN, 0};
        if (left <= 0 || poll(&p, 1, left) <= 0) {
            health.state = "busy";
            health.detail = "no answer within " + std::to_string(timeout_ms) + " ms";
            health.ms = elapsed_ms();
            return health;
        }
        ssize_t got = recv(sock.get(), buffer, sizeof buffer, 0);
        if (got <= 0) break;
        reply.append(buffer, static_cast<size_t>(got));
    }
    health.ms = elapsed_ms();
    size_t status = reply.find("Status: ");
    if (status == std::string::npos) {
        health.detail = "closed without an answer";
        return health;
    }
    health.state = "ok";
    size_t end = reply.find('\r', status);
    health.detail = reply.substr(status + 8, end == std::string::npos ? 3 : end - status - 8);
    return health;
}

}  // namespace guichet
