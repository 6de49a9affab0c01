// The claim worker's checkpoints: off the committer, and complete when run.
#include <doctest/doctest.h>

#include "claim/test_db.h"
#include "claim/wal_checkpointer.h"

namespace guichet::claim {

namespace {

void write_rows(Db& db, int rows) {
    db.exec("CREATE TABLE IF NOT EXISTS scratch (v TEXT)");
    for (int i = 0; i < rows; ++i) {
        Transaction tx(db, Transaction::write);
        db.exec("INSERT INTO scratch (v) VALUES (hex(randomblob(2000)))");
        tx.commit();
    }
}

}  // namespace

TEST_CASE("a_connection_without_autocheckpoint_leaves_its_commits_in_the_wal") {
    ClaimDb t;
    Db writer = t.connect();
    disable_autocheckpoint(writer);
    write_rows(writer, 600);  // about 1,200 pages: past the 1,000 at which SQLite would checkpoint
    WalCheckpointer checkpointer(t.connect());
    WalCheckpointer::Result before = checkpointer.checkpoint_once();
    CHECK(before.log_frames >= 1000);
}

TEST_CASE("the_checkpointer_copies_every_committed_frame_into_the_database") {
    ClaimDb t;
    Db writer = t.connect();
    disable_autocheckpoint(writer);
    write_rows(writer, 50);
    WalCheckpointer checkpointer(t.connect());
    WalCheckpointer::Result result = checkpointer.checkpoint_once();
    CHECK(result.log_frames > 0);
    CHECK(result.checkpointed == result.log_frames);
    Stmt count = writer.prepare("SELECT count(*) FROM scratch");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 50);
}

}  // namespace guichet::claim
