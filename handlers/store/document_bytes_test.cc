// The documents' bytes on two front nodes sharing one database: two store
// folders, one database, on both backends. On PostgreSQL the database keeps
// the bytes (store/document_bytes.h) and either node serves what the other
// stored; on SQLite (one machine, one folder) it keeps none.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "base/encoding.h"
#include "base/files.h"
#include "crypto/digest.h"
#include "store/document_bytes.h"
#include "store/document_store.h"
#include "store/migrate.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/pg_server.h"

using namespace guichet;
using guichet::test::TempDir;
using guichet::test::TestStore;
using guichet::test::test_stores;

namespace {

// One database, migrated, and the folders of two front nodes.
struct TwoNodes {
    TempDir dir;
    const TestStore& store;
    Db db;
    DocumentStore first{make_folder("first")};
    DocumentStore second{make_folder("second")};

    explicit TwoNodes(const TestStore& s) : store(s), db(s.open(1000, true)) {
        apply_migrations(db, read_migrations("db/migrations"));
    }
    std::string make_folder(const std::string& name) {
        std::string folder = dir.path + "/" + name;
        mkdir(folder.c_str(), 0755);
        return folder;
    }
    bool postgres() const { return store.backend == "postgres"; }

    StagedFile stage(const DocumentStore& node, const std::string& bytes) {
        size_t offset = 0;
        return node.stage([&](char* buffer, size_t size) -> size_t {
            size_t n = std::min(size, bytes.size() - offset);
            bytes.copy(buffer, n, offset);
            offset += n;
            return n;
        });
    }
    // What the upload pool does: share, then place and record in one write transaction.
    std::string upload(const DocumentStore& node, const std::string& bytes, int64_t account_id) {
        StagedFile staged = stage(node, bytes);
        node.share(db, staged, 1000);
        Transaction tx(db, Transaction::write);
        node.place(db, staged, 1000);
        record(staged.sha256(), account_id, bytes.size());
        tx.commit();
        return staged.sha256();
    }
    void record(const std::string& sha256, int64_t account_id, size_t size) {
        Stmt insert = db.prepare(
            "INSERT INTO documents (account_id, kind, sha256, type, size, uploaded_at) "
            "VALUES (?1, 'passport', ?2, 'application/pdf', ?3, 0)");
        insert.bind(1, account_id).bind(2, sha256).bind(3, static_cast<int64_t>(size)).run();
    }
    void unrecord(int64_t account_id) {
        Transaction tx(db, Transaction::write);
        db.prepare("DELETE FROM documents WHERE account_id = ?1").bind(1, account_id).run();
        tx.commit();
    }
    bool kept(const std::string& sha256) { return document_bytes::present(db, sha256); }
    void add_account(int64_t id) {
        Transaction tx(db, Transaction::write);
        db.prepare("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES (?1, ?2, 'C', 'fr', 'x', 0)")
            .bind(1, id).bind(2, "c" + std::to_string(id) + "@example.org").run();
        tx.commit();
    }
};

// body(nodes) on each backend, two nodes on a fresh database with `accounts` accounts (ids 1..).
template <typename Body>
void on_each_store(int accounts, Body body) {
    TempDir dir;
    for (const TestStore& store : test_stores(dir.path)) {
        CAPTURE(store.backend);
        TwoNodes nodes(store);
        for (int id = 1; id <= accounts; ++id) nodes.add_account(id);
        body(nodes);
    }
}

bool exists(const DocumentStore& node, const std::string& sha256) {
    return access(node.path_of(sha256).c_str(), F_OK) == 0;
}

}  // namespace

TEST_CASE("a_document_stored_through_one_node_is_served_by_the_other_where_the_database_keeps_the_bytes") {
    on_each_store(1, [](TwoNodes& nodes) {
        std::string bytes = "%PDF-1.4 the passport of candidate 1";
        std::string sha = nodes.upload(nodes.first, bytes, 1);
        CHECK(nodes.kept(sha) == nodes.postgres());
        CHECK(nodes.first.ensure_local(nodes.db, sha));
        CHECK_FALSE(exists(nodes.second, sha));
        CHECK(nodes.second.ensure_local(nodes.db, sha) == nodes.postgres());
        if (nodes.postgres()) CHECK(read_file(nodes.second.path_of(sha)) == bytes);

        // The first node's disk is lost: its copy comes back from the database.
        REQUIRE(unlink(nodes.first.path_of(sha).c_str()) == 0);
        CHECK(nodes.first.ensure_local(nodes.db, sha) == nodes.postgres());

        // The last reference goes: the release removes the database's copy too.
        nodes.unrecord(1);
        CHECK(nodes.second.release(nodes.db, sha) == nodes.postgres());
        CHECK_FALSE(nodes.kept(sha));
        CHECK_FALSE(nodes.second.ensure_local(nodes.db, sha));
    });
}

TEST_CASE("bytes_released_between_share_and_place_are_stored_again_under_the_write_lock") {
    on_each_store(1, [](TwoNodes& nodes) {
        std::string bytes = "%PDF-1.4 shared, then released by another node's gc";
        StagedFile staged = nodes.stage(nodes.first, bytes);
        nodes.first.share(nodes.db, staged, 1000);
        CHECK(nodes.kept(staged.sha256()) == nodes.postgres());
        // No row names them yet: another node's release removes them.
        nodes.second.release(nodes.db, staged.sha256());
        CHECK_FALSE(nodes.kept(staged.sha256()));
        {
            Transaction tx(nodes.db, Transaction::write);
            nodes.first.place(nodes.db, staged, 1000);
            nodes.record(staged.sha256(), 1, bytes.size());
            tx.commit();
        }
        CHECK(nodes.kept(staged.sha256()) == nodes.postgres());
        CHECK(nodes.second.ensure_local(nodes.db, staged.sha256()) == nodes.postgres());
    });
}

TEST_CASE("gc_shares_referenced_files_the_database_lacks_and_removes_bytes_no_row_names") {
    on_each_store(2, [](TwoNodes& nodes) {
        // A document from before migration 0019: in the folder and named by a row only.
        std::string old_bytes = "%PDF-1.4 uploaded before the database kept bytes";
        std::string old_sha = hex_encode(sha256(old_bytes));
        write_file_atomically(nodes.first.path_of(old_sha), old_bytes);
        nodes.record(old_sha, 1, old_bytes.size());
        // A damaged file, named by a row: never copied into the database.
        std::string damaged_sha = hex_encode(sha256("what the file held once"));
        write_file_atomically(nodes.first.path_of(damaged_sha), "bit rot");
        nodes.record(damaged_sha, 2, 7);
        // Bytes no row names: stale ones go, fresh ones (an upload between share and place) stay.
        std::string stale = std::string(64, 'a');
        std::string fresh = std::string(64, 'b');
        if (nodes.postgres()) {
            document_bytes::insert(nodes.db, stale, "x", 1, 0);
            document_bytes::insert(nodes.db, fresh, "y", 1, 9000);
        }
        GcReport report = nodes.first.collect_garbage(nodes.db, 10000, 5000);
        CHECK(report.shared == (nodes.postgres() ? 1 : 0));
        CHECK(report.orphans_removed == (nodes.postgres() ? 1 : 0));
        CHECK(nodes.kept(old_sha) == nodes.postgres());
        CHECK_FALSE(nodes.kept(damaged_sha));
        CHECK_FALSE(nodes.kept(stale));
        CHECK(nodes.kept(fresh) == nodes.postgres());
        CHECK(read_file(nodes.first.path_of(damaged_sha)) == "bit rot");  // left to the operator
        CHECK(nodes.second.ensure_local(nodes.db, old_sha) == nodes.postgres());
    });
}

TEST_CASE("a_database_copy_that_does_not_hash_to_its_name_is_refused_and_leaves_no_file") {
    on_each_store(0, [](TwoNodes& nodes) {
        if (!nodes.postgres()) return;  // SQLite keeps no copy to damage
        std::string sha = hex_encode(sha256("the real bytes"));
        document_bytes::insert(nodes.db, sha, "other bytes", 11, 0);
        CHECK_THROWS_AS(nodes.second.ensure_local(nodes.db, sha), StoreError);
        CHECK_FALSE(exists(nodes.second, sha));
        GcReport report = nodes.second.collect_garbage(nodes.db, 0, -1);  // every staged file is stale
        CHECK(report.temps_removed == 0);
    });
}
