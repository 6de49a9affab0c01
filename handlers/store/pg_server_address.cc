#include "store/pg_server_address.h"

#include <libpq-fe.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace guichet {

namespace {

struct OptionsFree {
    void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};

std::vector<std::string> split_commas(const char* text) {
    std::vector<std::string> parts;
    if (!text) return parts;
    std::string all = text, part;
    for (char c : all) {
        if (c == ',') {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    parts.push_back(part);
    return parts;
}

uint16_t port_number(const std::string& text) {
    if (text.empty()) return 5432;  // libpq's default (DEF_PGPORT)
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9' || (value = value * 10 + (c - '0')) > 65535) {
            throw std::runtime_error("postgresql: bad port " + text);
        }
    }
    return static_cast<uint16_t>(value);
}

}  // namespace

PgServerAddress pg_server_address(const std::string& uri) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, OptionsFree> options(PQconninfoParse(uri.c_str(), &error));
    if (!options) {
        std::string detail = error ? error : "out of memory";
        PQfreemem(error);
        throw std::runtime_error("postgresql: cannot parse the database URI: " + detail);
    }
    const char *host = nullptr, *hostaddr = nullptr, *port = nullptr;
    for (PQconninfoOption* option = options.get(); option->keyword; ++option) {
        std::string keyword = option->keyword;
        if (keyword == "host") host = option->val;
        if (keyword == "hostaddr") hostaddr = option->val;
        if (keyword == "port") port = option->val;
    }
    std::vector<std::string> hosts = split_commas(host), addresses = split_commas(hostaddr), ports = split_commas(port);
    size_t count = std::max({hosts.size(), addresses.size(), size_t{1}});
    PgServerAddress address;
    for (size_t i = 0; i < count; ++i) {
        std::string name = i < hosts.size() ? hosts[i] : "";
        std::string numeric = i < addresses.size() ? addresses[i] : "";
        std::string port_text = ports.size() == 1 ? ports[0] : i < ports.size() ? ports[i] : "";
        if (numeric.empty() && (name.empty() || name[0] == '/')) {
            // No host: libpq's default socket folder (Debian's libpq: /var/run/postgresql).
            address.socket_dirs.push_back(name.empty() ? "/var/run/postgresql" : name);
        } else {
            uint16_t number = port_number(port_text);
            if (std::find(address.tcp_ports.begin(), address.tcp_ports.end(), number) == address.tcp_ports.end()) {
                address.tcp_ports.push_back(number);
            }
        }
    }
    return address;
}

}  // namespace guichet
