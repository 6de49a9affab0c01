// The session of a request, and its idle clock.
#include <doctest/doctest.h>

#include <chrono>

#include "base/api_error.h"
#include "http/session_cookie.h"
#include "http/test_request.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

struct Fixture {
    test::TempDir dir{"session-cookie"};
    Db db = test::migrated_db(dir.path);
    Config config;
    Random random;
    std::string cookie;
    Fixture() {
        config.session_lifetime_s = 24 * 3600;
        config.session_idle_s = 30 * 60;
        db.exec("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) "
                "VALUES (1, 'a@example.org', 'A', 'fr', 'x', 0)");
        NewToken token = new_session_token(random);
        Transaction tx(db, Transaction::write);
        open_session(db, candidate_sessions(config), 1, token.key, 0);
        tx.commit();
        cookie = token.cookie_value;
    }
    TestRequest request() const {
        TestRequest r("GET", "/api/dossier");
        r.set("HTTP_COOKIE", std::string(candidate_sessions(config).cookie) + "=" + cookie);
        return r;
    }
    int64_t last_seen() {
        Stmt stmt = db.prepare("SELECT last_seen_at FROM sessions");
        return stmt.step() ? stmt.int64(0) : -1;
    }
};

const int64_t kMinute = 60 * 1000;

}  // namespace

TEST_CASE("any_authenticated_request_moves_the_idle_clock_at_most_once_a_minute") {
    Fixture f;
    // Requests every 20 minutes keep a 30-minute idle session alive for hours.
    for (int64_t now = 20 * kMinute; now <= 10 * 60 * kMinute; now += 20 * kMinute) {
        CAPTURE(now);
        CHECK(require_live_session(f.db, f.request(), f.config, now).account_id == 1);
        CHECK(f.last_seen() == now);
    }
    int64_t seen = f.last_seen();
    require_live_session(f.db, f.request(), f.config, seen + 30 * 1000);  // 30 s later: no write
    CHECK(f.last_seen() == seen);
    require_live_session(f.db, f.request(), f.config, seen + kMinute);
    CHECK(f.last_seen() == seen + kMinute);
}

TEST_CASE("the_read_only_lookup_never_moves_the_idle_clock_and_an_abandoned_session_ends") {
    Fixture f;
    CHECK(require_session(f.db, f.request(), f.config, 20 * kMinute).account_id == 1);
    CHECK(f.last_seen() == 0);
    CHECK_THROWS_AS(require_session(f.db, f.request(), f.config, 31 * kMinute), ApiError);
    CHECK_THROWS_AS(require_live_session(f.db, f.request(), f.config, 31 * kMinute), ApiError);
    CHECK(f.last_seen() == 0);
}

TEST_CASE("the_idle_clock_never_waits_for_the_write_lock") {
    Fixture f;
    f.db.set_busy_timeout_ms(60000);
    Db other(f.db.path());
    int64_t now = 20 * kMinute;
    {
        Transaction held(other, Transaction::write);  // a claim batch, or an operator's command
        auto start = std::chrono::steady_clock::now();
        CHECK(require_live_session(f.db, f.request(), f.config, now).account_id == 1);
        auto waited = std::chrono::steady_clock::now() - start;
        CHECK(waited < std::chrono::seconds(5));  // a wait would last the busy timeout, 60 s
        CHECK(f.last_seen() == 0);                // the touch was skipped
    }
    require_live_session(f.db, f.request(), f.config, now);
    CHECK(f.last_seen() == now);  // and made by the next request
}
