// The content-addressed store on a real folder and a real SQLite database.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "crypto/digest.h"
#include "store/document_store.h"
#include "base/encoding.h"
#include "base/files.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

struct Scratch {
    test::TempDir dir{"store"};
    std::string folder = dir.path;
    Db database() {
        Db db(folder + "/test.db", Durability::normal, 5000, true);
        db.exec("CREATE TABLE IF NOT EXISTS documents (account_id INTEGER, kind TEXT, sha256 TEXT, type TEXT, "
                "size INTEGER, uploaded_at INTEGER, PRIMARY KEY (account_id, kind))");
        return db;
    }
    int source(const std::string& bytes) {
        write_file_atomically(folder + "/source", bytes);
        return open((folder + "/source").c_str(), O_RDONLY | O_CLOEXEC);
    }
    bool exists(const std::string& name) const { return access((folder + "/store/" + name).c_str(), F_OK) == 0; }
};

int entries(const std::string& folder) {
    std::string listing = "ls -A '" + folder + "' | wc -l";
    FILE* pipe = popen(listing.c_str(), "r");
    int count = -1;
    if (pipe && std::fscanf(pipe, "%d", &count) != 1) count = -1;
    if (pipe) pclose(pipe);
    return count;
}

}  // namespace

TEST_CASE("store_stage_hashes_and_place_names_the_file_by_its_hash") {
    Scratch scratch;
    mkdir((scratch.folder + "/store").c_str(), 0755);
    DocumentStore store(scratch.folder + "/store");
    std::string bytes = "%PDF-1.4 some content";
    int fd = scratch.source(bytes);
    StagedFile staged = store.stage(fd);
    close(fd);
    CHECK(staged.sha256() == hex_encode(sha256(bytes)));
    CHECK(staged.size() == static_cast<int64_t>(bytes.size()));
    Db db = scratch.database();
    store.place(db, staged, 0);
    CHECK(read_file(store.path_of(staged.sha256())) == bytes);
    CHECK(entries(store.folder()) == 1);
}

TEST_CASE("store_staged_file_not_placed_is_removed") {
    Scratch scratch;
    mkdir((scratch.folder + "/store").c_str(), 0755);
    DocumentStore store(scratch.folder + "/store");
    int fd = scratch.source("abc");
    { StagedFile staged = store.stage(fd); CHECK(entries(store.folder()) == 1); }
    close(fd);
    CHECK(entries(store.folder()) == 0);
}

TEST_CASE("store_release_keeps_referenced_bytes_and_removes_the_rest") {
    Scratch scratch;
    mkdir((scratch.folder + "/store").c_str(), 0755);
    DocumentStore store(scratch.folder + "/store");
    Db db = scratch.database();
    int fd = scratch.source("shared bytes");
    StagedFile staged = store.stage(fd);
    close(fd);
    store.place(db, staged, 0);
    Stmt insert = db.prepare("INSERT INTO documents VALUES (1, 'passport', ?1, 'application/pdf', 12, 0)");
    insert.bind(1, staged.sha256()).run();
    CHECK_FALSE(store.release(db, staged.sha256()));
    CHECK(scratch.exists(staged.sha256()));
    db.exec("DELETE FROM documents");
    CHECK(store.release(db, staged.sha256()));
    CHECK_FALSE(scratch.exists(staged.sha256()));
    CHECK_FALSE(store.release(db, "../test.db"));  // only hash names are ever removed
    CHECK(access((scratch.folder + "/test.db").c_str(), F_OK) == 0);
}

TEST_CASE("store_gc_ignores_names_that_are_not_hashes_or_staged_files") {
    Scratch scratch;
    mkdir((scratch.folder + "/store").c_str(), 0755);
    DocumentStore store(scratch.folder + "/store");
    Db db = scratch.database();
    write_file_atomically(store.folder() + "/README", "operator's note");
    write_file_atomically(store.path_of(std::string(64, 'a')), "orphan");
    GcReport report = store.collect_garbage(db, 0, 0);
    CHECK(report.orphans_removed == 1);
    CHECK(scratch.exists("README"));
}
