#include "tests/integration/backend.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "tests/unit/pg_server.h"

namespace guichet::test {

bool test_on_postgres() {
    static const bool postgres = [] {
        const char* backend = std::getenv("GUICHET_TEST_BACKEND");
        std::string name = backend ? backend : "";
        if (name != "" && name != "sqlite" && name != "postgres") {
            throw std::runtime_error("GUICHET_TEST_BACKEND must be sqlite or postgres, not " + name);
        }
        return name == "postgres";
    }();
    return postgres;
}

std::string new_site_database(const std::string& data) {
    if (!test_on_postgres()) return data + "/guichet.db";
    // Each claim worker holds a connection per request thread (GUICHET_CLAIM_THREADS,
    // 64): one site uses about 150, and a test may run two.
    setenv("PG_MAX_CONNECTIONS", "600", 0);
    if (test_postgres().empty()) {
        throw std::runtime_error("GUICHET_TEST_BACKEND=postgres, but no PostgreSQL could be started "
                                 "(tools/install-deps.sh test)");
    }
    return fresh_postgres_schema();
}

bool sqlite_only(const char* reason) {
    if (!test_on_postgres()) return false;
    const doctest::detail::TestCase* test = doctest::getContextOptions()->currentTest;
    std::fprintf(stderr, "skipped on PostgreSQL: %s: %s\n", test ? test->m_name : "?", reason);
    return true;
}

}  // namespace guichet::test
