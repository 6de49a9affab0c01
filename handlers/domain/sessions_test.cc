// Sessions of both kinds on a real migrated database: one module, two tables.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "domain/sessions.h"
#include "store/migrate.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

struct SessionsDb {
    test::TempDir dir{"sessions"};
    std::unique_ptr<Db> db = std::make_unique<Db>(test::migrated_db(dir.path));
    Random random;
    SessionsDb() {
        db->exec("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES "
                 "(1, 'a@example.org', 'A', 'fr', 'x', 0), (2, 'b@example.org', 'B', 'fr', 'x', 0)");
        db->exec("INSERT INTO admins (id, name, password_hash, totp_secret, created_at) VALUES (1, 'ops', 'x', X'00', 0)");
    }
    std::string open(const SessionKind& kind, int64_t account, int64_t now) {
        NewToken token = new_session_token(random);
        open_session(*db, kind, account, token.key, now);
        return token.cookie_value;
    }
    int64_t count(const char* sql) {
        Stmt stmt = db->prepare(sql);
        stmt.step();
        int64_t n = stmt.int64(0);
        return n;
    }
};

SessionKind candidates(int max = 5) {
    Config config;
    config.session_lifetime_s = 3600;
    config.session_idle_s = 600;
    config.session_max_per_account = max;
    return candidate_sessions(config);
}

const SessionKind kAdmins = admin_sessions(8 * 3600 * 1000, 30 * 60 * 1000);

}  // namespace

TEST_CASE("session_tokens_are_256_random_bits_stored_as_their_sha256") {
    Random random;
    NewToken a = new_session_token(random), b = new_session_token(random);
    CHECK(a.cookie_value.size() == 43);
    CHECK(a.cookie_value != b.cookie_value);
    CHECK(a.key.size() == 32);
    CHECK(session_key(a.cookie_value) == a.key);
    CHECK(session_key("") == "");
    CHECK(session_key(std::string(43, '!')) == "");
    CHECK(session_key(a.cookie_value + "A") == "");
}

TEST_CASE("an_open_session_is_found_with_its_account_and_times") {
    SessionsDb t;
    std::string token = t.open(candidates(), 1, 1000);
    auto session = find_session(*t.db, candidates(), token, 2000);
    REQUIRE(session);
    CHECK(session->account_id == 1);
    CHECK(session->created_at == 1000);
    CHECK(session->expires_at == 1000 + 3600 * 1000);
    CHECK(session->last_seen_at == 1000);
    CHECK_FALSE(find_session(*t.db, candidates(), "", 2000));
}

TEST_CASE("a_session_is_not_live_after_its_lifetime_or_idle_time") {
    SessionsDb t;
    std::string token = t.open(candidates(), 1, 0);
    CHECK(find_session(*t.db, candidates(), token, 600 * 1000 - 1));
    CHECK_FALSE(find_session(*t.db, candidates(), token, 600 * 1000));  // idle
    t.db->exec("UPDATE sessions SET last_seen_at = 3600 * 1000 - 10");
    CHECK(find_session(*t.db, candidates(), token, 3600 * 1000 - 1));
    CHECK_FALSE(find_session(*t.db, candidates(), token, 3600 * 1000));  // expired
}

TEST_CASE("touch_moves_last_seen_at_at_most_once_a_minute") {
    SessionsDb t;
    std::string token = t.open(candidates(), 1, 0);
    touch_session(*t.db, candidates(), session_key(token), 0, kTouchIntervalMs - 1);
    CHECK(t.count("SELECT last_seen_at FROM sessions") == 0);
    touch_session(*t.db, candidates(), session_key(token), 0, kTouchIntervalMs);
    CHECK(t.count("SELECT last_seen_at FROM sessions") == kTouchIntervalMs);
}

TEST_CASE("a_revoked_session_is_not_found_and_is_revoked_once") {
    SessionsDb t;
    std::string token = t.open(candidates(), 1, 0);
    CHECK(revoke_session(*t.db, candidates(), session_key(token), 10));
    CHECK_FALSE(revoke_session(*t.db, candidates(), session_key(token), 20));
    CHECK_FALSE(find_session(*t.db, candidates(), token, 30));
    CHECK(t.count("SELECT revoked_at FROM sessions") == 10);
}

TEST_CASE("revoke_all_ends_every_session_of_one_account_only") {
    SessionsDb t;
    std::string a1 = t.open(candidates(), 1, 0), a2 = t.open(candidates(), 1, 1), b = t.open(candidates(), 2, 2);
    CHECK(revoke_all_sessions(*t.db, candidates(), 1, 10) == 2);
    CHECK_FALSE(find_session(*t.db, candidates(), a1, 20));
    CHECK_FALSE(find_session(*t.db, candidates(), a2, 20));
    CHECK(find_session(*t.db, candidates(), b, 20));
    CHECK(revoke_all_sessions(*t.db, candidates(), 1, 30) == 0);
}

TEST_CASE("candidate_sessions_past_the_cap_are_revoked_oldest_first") {
    SessionsDb t;
    std::string first = t.open(candidates(2), 1, 0), second = t.open(candidates(2), 1, 1);
    std::string third = t.open(candidates(2), 1, 2);
    CHECK_FALSE(find_session(*t.db, candidates(2), first, 3));
    CHECK(find_session(*t.db, candidates(2), second, 3));
    CHECK(find_session(*t.db, candidates(2), third, 3));
}

TEST_CASE("opening_a_session_drops_the_accounts_expired_rows") {
    SessionsDb t;
    t.open(candidates(), 1, 0);
    t.open(candidates(), 2, 0);
    t.open(candidates(), 1, 3600 * 1000);
    CHECK(t.count("SELECT count(*) FROM sessions WHERE account_id = 1") == 1);
    CHECK(t.count("SELECT count(*) FROM sessions WHERE account_id = 2") == 1);
}

TEST_CASE("admin_sessions_live_in_their_own_table_without_a_cap") {
    SessionsDb t;
    std::string admin = t.open(kAdmins, 1, 0);
    for (int i = 1; i < 8; ++i) t.open(kAdmins, 1, i);
    CHECK(t.count("SELECT count(*) FROM admin_sessions WHERE revoked_at IS NULL") == 8);
    CHECK(t.count("SELECT count(*) FROM sessions") == 0);
    auto session = find_session(*t.db, kAdmins, admin, 10);
    REQUIRE(session);
    CHECK(session->account_id == 1);
    CHECK(session->expires_at == 8 * 3600 * 1000);
    CHECK_FALSE(find_session(*t.db, candidates(), admin, 10));  // an admin token opens no candidate session
    std::string candidate = t.open(candidates(), 1, 0);
    CHECK_FALSE(find_session(*t.db, kAdmins, candidate, 10));
    CHECK(kAdmins.cookie == std::string("__Host-guichet_admin"));
    CHECK(admin_sessions(1, 1, false).cookie == std::string("guichet_admin"));
    Config plain;
    plain.cookie_secure = false;
    CHECK(candidate_sessions(plain).cookie == std::string("guichet_session"));
    CHECK(candidates().cookie == std::string("__Host-guichet_session"));
}

TEST_CASE("admin_sessions_idle_after_their_own_idle_time") {
    SessionsDb t;
    std::string admin = t.open(kAdmins, 1, 0);
    CHECK(find_session(*t.db, kAdmins, admin, 30 * 60 * 1000 - 1));
    CHECK_FALSE(find_session(*t.db, kAdmins, admin, 30 * 60 * 1000));
    CHECK(revoke_all_sessions(*t.db, kAdmins, 1, 5) == 1);
}
