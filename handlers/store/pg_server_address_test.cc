#include <doctest/doctest.h>

#include <stdexcept>

#include "store/pg_server_address.h"

namespace guichet {

TEST_CASE("a_uri_with_a_socket_folder_names_no_tcp_port") {
    PgServerAddress address = pg_server_address("postgresql://guichet@/postgres?host=/tmp/pg1");
    CHECK(address.socket_dirs == std::vector<std::string>{"/tmp/pg1"});
    CHECK(address.tcp_ports.empty());
}

TEST_CASE("a_uri_without_a_host_uses_the_default_socket_folder") {
    PgServerAddress address = pg_server_address("postgresql:///guichet");
    CHECK(address.socket_dirs == std::vector<std::string>{"/var/run/postgresql"});
    CHECK(address.tcp_ports.empty());
}

TEST_CASE("several_hosts_give_each_port_once") {
    PgServerAddress address = pg_server_address(
        "postgresql://guichet@127.0.1.1:5432,127.0.1.2:5432,127.0.1.3:6432/guichet?target_session_attrs=read-write");
    CHECK(address.socket_dirs.empty());
    CHECK(address.tcp_ports == std::vector<uint16_t>{5432, 6432});
}

TEST_CASE("one_port_serves_every_host_and_the_default_is_5432") {
    CHECK(pg_server_address("host=a,b port=7000 dbname=x").tcp_ports == std::vector<uint16_t>{7000});
    CHECK(pg_server_address("postgresql://a,b:7000/x").tcp_ports == std::vector<uint16_t>{5432, 7000});
    CHECK(pg_server_address("postgresql://db.example.org/x").tcp_ports == std::vector<uint16_t>{5432});
}

TEST_CASE("an_unparsable_uri_is_refused") {
    CHECK_THROWS_AS(pg_server_address("postgresql://x/y?nosuchoption=1"), std::runtime_error);
}

}  // namespace guichet
