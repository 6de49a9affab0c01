// Two front nodes sharing one database (docs/cluster.md): what one node's
// staff set must reach the other node's pages, through the database, while
// each node keeps serving its own files.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/fixtures/document_bytes.h"
#include "tests/integration/admin_helpers.h"
#include "tests/integration/backend.h"
#include "tests/integration/candidates.h"
#include "tests/integration/json_util.h"
#include "tests/integration/uploads.h"

namespace guichet::test {
namespace {

// What a node serves at `path`, fetched every 50 ms until `done` holds or 10 s
// pass; the last body either way.
template <typename Done>
std::string poll(const Site& node, const std::string& path, Done done) {
    HttpClient visitor(node.url());
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string body;
    while (std::chrono::steady_clock::now() < deadline) {
        body = visitor.get(path).body;
        if (done(body)) return body;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return body;
}

// The banner as a node serves it, once its level is `level`.
std::string wait_for_banner(const Site& node, const std::string& level) {
    return poll(node, "/status/banner.json",
                [&](const std::string& body) { return json_text(parse_json(body), "level") == level; });
}

// A page, once it contains `text`. The follower writes banner.json before
// banner.html (domain/banner.cc), so a page fetched the instant the JSON
// changed may still carry the old one.
std::string wait_for_page(const Site& node, const std::string& path, const std::string& text) {
    return poll(node, path, [&](const std::string& body) { return body.find(text) != std::string::npos; });
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
    CHECK(wait_for_page(second, "/", "Panne technique").find("Panne technique") != std::string::npos);  // SSI

    // The operator's command line on the second node, as on the day the
    // console is down: it reaches the first node the same way.
    REQUIRE(second.admin({"banner", "set", "--level", "info", "--fr", "Retour", "--en", "Back"}) == 0);
    CHECK(json_text(parse_json(wait_for_banner(first, "info")), "en") == "Back");
    // The newer banner stays: the second node's follower does not bring the old one back.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    CHECK(json_text(parse_json(HttpClient(second.url()).get("/status/banner.json").body), "en") == "Back");
}

// Documents on PostgreSQL: the database keeps the bytes, each node's folder is
// its copy (docs/cluster.md, "Documents"). Two nodes on one SQLite file share
// one machine, and there the folder is the only copy: nothing to test.
TEST_CASE("a_document_uploaded_through_one_front_node_is_served_by_the_other_and_outlives_its_folder") {
    if (!test_on_postgres()) {
        MESSAGE("SQLite: documents stay in the node's folder (one machine)");
        return;
    }
    Site first;
    Site second({"GUICHET_DATABASE=" + first.database()});
    HttpClient on_first(first.url());
    Candidate candidate = create_logged_in_candidate(first, on_first);
    std::string bytes = valid_pdf(300000, 'q');
    HttpResponse stored = upload(on_first, "passport", bytes);
    REQUIRE(stored.status == 201);
    std::string sha = json_text(parse_json(stored.body), "sha256");
    CHECK(kept_bytes(first) == std::set<std::string>{sha});
    CHECK(store_files(second).empty());

    HttpClient on_second(second.url());
    log_in(second, on_second, candidate.id);
    HttpResponse served = on_second.get("/api/documents/passport");
    CHECK(served.status == 200);
    CHECK(served.body == bytes);
    CHECK(served.header("content-type") == "application/pdf");
    CHECK(store_files(second) == std::set<std::string>{sha});

    // The first node's copy is lost (a disk replaced): the database's comes back.
    REQUIRE(unlink((first.data() + "/documents/" + sha).c_str()) == 0);
    CHECK(on_first.get("/api/documents/passport").body == bytes);
    CHECK(store_files(first) == std::set<std::string>{sha});

    // Deleted through the second node: gone from the database, and from both
    // nodes once the first node's gc has run.
    CHECK(on_second.del("/api/documents/passport").status == 204);
    CHECK(kept_bytes(first).empty());
    CHECK(on_first.get("/api/documents/passport").status == 404);
    REQUIRE(first.admin({"documents", "gc", "--temp-minutes", "0"}) == 0);
    CHECK(store_files(first).empty());
}

}  // namespace
}  // namespace guichet::test
