// PostgreSQL only: the server drops every connection of the site (a restart,
// a failover), and the pools, long confined by their sandbox, connect again
// through it (libpq's PQreset under Landlock and seccomp). A request in
// flight may be answered 503 (the contract's "retry"), never more than that;
// the site's destructor fails the test if a worker made a refused system call.
#include <doctest/doctest.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "tests/integration/backend.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/site.h"

using namespace guichet::test;

namespace {

// The status of the first answer that is not 503, after at most `tries`.
int status_after_retries(const std::function<int()>& request, int tries, int* retried) {
    int status = 503;
    for (*retried = 0; *retried < tries && (status = request()) == 503; ++*retried) usleep(100 * 1000);
    return status;
}

// The site's own: other cases run beside this one on the same server
// (tools/run-integration.sh), and each site's connections carry its schema as
// their application_name (tests/unit/pg_server.cc).
int drop_every_other_connection(const Site& site) {
    std::string dropped = site.sql(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
        "AND application_name = current_setting('application_name')) AS dropped");
    return dropped.rfind("error", 0) == 0 ? -1 : std::stoi(dropped);
}

}  // namespace

TEST_CASE("confined_pools_connect_again_after_the_server_drops_their_connections") {
    if (!test_on_postgres()) {
        MESSAGE("PostgreSQL only (GUICHET_TEST_BACKEND=postgres): SQLite has no connection to drop");
        return;
    }
    Site site;
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "10"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 2);
    HttpClient first(site.url()), second(site.url());
    log_in(first, candidates[0]);
    log_in(second, candidates[1]);
    REQUIRE(first.get("/api/me").status == 200);
    REQUIRE(first.post("/api/claim", "").status == 201);

    // Every pool's connections (each worker's, the claim readers' and committer's).
    CHECK(drop_every_other_connection(site) > 20);
    int retried = 0;
    // Two accounts workers: each may answer 503 once before it has connected again.
    CHECK(status_after_retries([&] { return first.get("/api/me").status; }, 10, &retried) == 200);
    CHECK(retried <= 2);
    CHECK(status_after_retries([&] { return second.post("/api/claim", "").status; }, 10, &retried) == 201);
    CHECK(retried <= 2);
    CHECK(site.sql("SELECT count(*) || ' ' || min(rank) || ' ' || max(rank) FROM claims") == "2 1 2");
}
