// Raw HTTP/1.1 over a loopback socket, for the tests that must control the
// bytes and their pace (a stalled body, a trickling header), which no HTTP
// client library will send.
#pragma once

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace guichet::test {

// A connected socket to 127.0.0.1:port (REQUIREs success).
inline int connect_to(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    return fd;
}

// Sends all of bytes (REQUIREs success).
inline void send_all(int fd, const std::string& bytes) {
    REQUIRE(send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
}

// Whether the server has closed fd (or answered on it), waiting up to ms.
inline bool closed_or_answered(int fd, int ms) {
    pollfd wait{fd, POLLIN, 0};
    return poll(&wait, 1, ms) > 0;
}

// The status of a raw answer ("HTTP/1.1 503 ..."), 0 when there is none.
inline long raw_status(const std::string& answer) {
    if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
    return std::stol(answer.substr(9, 3));
}

}  // namespace guichet::test
