// The banner's way from the database to a node's files (domain/banner.h):
// what follow_banner copies, and what it leaves alone.
#include "domain/banner.h"

#include <doctest/doctest.h>

#include "tests/unit/fixtures.h"

namespace guichet {
namespace {

Banner banner_at(int64_t updated_at, const std::string& level, const std::string& fr, const std::string& en) {
    Banner banner;
    banner.level = level;
    banner.fr = fr;
    banner.en = en;
    banner.updated_at = updated_at;
    return banner;
}

void store(Db& db, const Banner& banner) {
    Transaction tx(db, Transaction::write);
    store_banner(db, banner);
    tx.commit();
}

TEST_CASE("follow_banner_copies_a_newer_stored_banner_and_leaves_an_older_one") {
    test::TempDir dir("banner");
    Db db = test::migrated_db(dir.path);
    CHECK_FALSE(follow_banner(db, dir.path));  // nothing stored: the node's files stay as they are
    CHECK_FALSE(read_banner(dir.path).has_value());

    store(db, banner_at(1000, "outage", "Panne technique", "Technical outage"));
    CHECK(follow_banner(db, dir.path));
    std::optional<Banner> shown = read_banner(dir.path);
    REQUIRE(shown.has_value());
    CHECK(shown->level == "outage");
    CHECK(shown->en == "Technical outage");
    CHECK(shown->updated_at == 1000);
    CHECK_FALSE(follow_banner(db, dir.path));  // already shown: not written again

    // Set on this node while the database was down: newer than the row, kept.
    write_banner(dir.path, banner_at(2000, "info", "Retour", "Back"));
    CHECK_FALSE(follow_banner(db, dir.path));
    CHECK(read_banner(dir.path)->en == "Back");

    // The same time, other words (two nodes in the same millisecond): the row wins, once.
    store(db, banner_at(2000, "warning", "Lent", "Slow"));
    CHECK(follow_banner(db, dir.path));
    CHECK(read_banner(dir.path)->en == "Slow");
    CHECK_FALSE(follow_banner(db, dir.path));
}

TEST_CASE("store_banner_keeps_the_newest_when_nodes_race") {
    test::TempDir dir("banner");
    Db db = test::migrated_db(dir.path);
    store(db, banner_at(5000, "warning", "Nouveau", "New"));
    store(db, banner_at(4000, "info", "Ancien", "Old"));  // a slower node's older banner arrives last
    std::optional<Banner> stored = stored_banner(db);
    REQUIRE(stored.has_value());
    CHECK(stored->en == "New");
    CHECK(stored->updated_at == 5000);
    store(db, banner_at(6000, "none", "", ""));
    CHECK(stored_banner(db)->level == "none");
}

TEST_CASE("store_banner_refuses_a_level_outside_the_four") {
    test::TempDir dir("banner");
    Db db = test::migrated_db(dir.path);
    Transaction tx(db, Transaction::write);
    CHECK_THROWS_AS(store_banner(db, banner_at(1, "panic", "x", "y")), StoreError);
}

}  // namespace
}  // namespace guichet
