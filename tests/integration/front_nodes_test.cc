// Two front nodes sharing one database (docs/cluster.md): what one node's
// staff set must reach the other node's pages, through the database, while
// each node keeps serving its own files.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/integration/admin_helpers.h"
#include "tests/integration/json_util.h"

namespace guichet::test {
namespace {

// The banner as a node serves it, polled until its level is `level` or 10 s pass.
std::string wait_for_banner(const Site& node, const std::string& level) {
    HttpClient visitor(node.url());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string body;
    while (std::chrono::steady_clock::now() < deadline) {
        body = visitor.get("/status/banner.json").body;
        if (json_text(parse_json(body), "level") == level) return body;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return body;
}

TEST_CASE("a_banner_set_on_one_front_node_reaches_the_other_through_the_database") {
    Site first({"GUICHET_BANNER_FOLLOW_SECONDS=1"});
    Site second({"GUICHET_DATABASE=" + first.database(), "GUICHET_BANNER_FOLLOW_SECONDS=1"});
    std::string secret = add_admin(first, "alice");
    HttpClient staff(first.url());
    REQUIRE(admin_login(staff, "alice", secret).status == 200);
    REQUIRE(staff.put("/api/admin/banner", "{\"level\":\"outage\",\"fr\":\"Panne technique\",\"en\":\"Technical outage\"}")
                .status == 200);

    std::string seen = wait_for_banner(second, "outage");
    CHECK(json_text(parse_json(seen), "en") == "Technical outage");
    HttpClient visitor(second.url());
    CHECK(visitor.get("/").body.find("Panne technique") != std::string::npos);  // in every page (SSI)

    // The operator's command line on the second node, as on the day the
    // console is down: it reaches the first node the same way.
    REQUIRE(second.admin({"banner", "set", "--level", "info", "--fr", "Retour", "--en", "Back"}) == 0);
    CHECK(json_text(parse_json(wait_for_banner(first, "info")), "en") == "Back");
    // The newer banner stays: the second node's follower does not bring the old one back.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(json_text(parse_json(HttpClient(second.url()).get("/status/banner.json").body), "en") == "Back");
}

}  // namespace
}  // namespace guichet::test
