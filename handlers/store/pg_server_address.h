// Where a postgresql:// URI's servers are, as the sandbox must know it
// (os/sandbox.cc): the folders of their unix sockets and the TCP ports they
// listen on. Parsed by libpq itself (PQconninfoParse), so it reads the URI
// exactly as the connection will: several hosts, host=/dir in the query,
// hostaddr, one port for all hosts or one per host.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace guichet {

struct PgServerAddress {
    std::vector<std::string> socket_dirs;  // host names starting with '/'
    std::vector<uint16_t> tcp_ports;       // of the hosts reached over TCP
};

// Throws std::runtime_error when libpq cannot parse the URI.
PgServerAddress pg_server_address(const std::string& uri);

}  // namespace guichet
