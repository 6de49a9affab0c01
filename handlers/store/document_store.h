// The content-addressed document store: <documents>/<sha256 hex>, one file
// per distinct content, shared by every row of `documents` that names it.
//
// Nothing half-done: bytes are first staged in a temporary file of the same
// folder (".upload-XXXXXX", fsynced), made visible by a rename inside the
// caller's write transaction, and removed only inside a write transaction that
// has checked no row refers to them. Because every placement and every removal
// holds SQLite's write lock, they never interleave. A crash between rename and
// commit leaves an unreferenced file; collect_garbage removes those, and
// staged files older than a few minutes.
//
// On PostgreSQL, the database several front nodes share, the bytes are also
// kept in it (store/document_bytes.h): share() copies them there before the
// write transaction, in a transaction of their own, so that a large document
// never holds the write lock the claims need; place() checks under that lock
// that they are still there, release() removes them with the file, and a node
// whose folder lacks a document copies it back (ensure_local) before nginx
// serves it. Every node's folder is then a copy; the database's, replicated
// to the synchronous standby before the upload is acknowledged, is the one
// that survives the loss of a machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "base/fd.h"
#include "store/db.h"

namespace guichet {

// Bytes copied into the store's folder but not yet visible under their hash.
// Its destructor removes the temporary file unless place() succeeded.
class StagedFile {
public:
    StagedFile() = default;
    StagedFile(StagedFile&& other) noexcept;
    StagedFile& operator=(StagedFile&&) = delete;
    StagedFile(const StagedFile&) = delete;
    ~StagedFile();

    const std::string& sha256() const { return sha256_; }  // lowercase hex
    int64_t size() const { return size_; }
    // The staged bytes, open for reading (pread, mmap) by the checks that come
    // before place().
    int fd() const { return fd_.get(); }

private:
    friend class DocumentStore;
    Fd fd_;
    std::string temp_path_;
    std::string sha256_;
    int64_t size_ = 0;
    bool placed_ = false;
};

struct GcReport {
    int orphans_removed = 0;  // <sha256> files or kept bytes no row refers to
    int temps_removed = 0;    // stale staged files
    int shared = 0;           // files of this node copied into the database, which lacked them
};

class DocumentStore {
public:
    explicit DocumentStore(std::string folder);

    // Yields up to `size` more bytes into `buffer`, 0 at the end; throws to stop
    // (the staged file is then removed).
    using ReadSome = std::function<size_t(char* buffer, size_t size)>;
    // Copies everything read_some yields into a staged file while hashing it.
    // Throws StoreError (unavailable) on an I/O failure.
    StagedFile stage(const ReadSome& read_some) const;
    // The same from a file descriptor (read until end of file).
    StagedFile stage(int fd) const;
    // On PostgreSQL, copies the staged bytes into the database, committed
    // (and replicated) before it returns, and returns true; nothing on SQLite
    // (false). Call outside any transaction, before the write transaction that
    // calls place(); if that transaction fails, release() the bytes.
    bool share(Db& db, const StagedFile& staged, int64_t now) const;
    // Makes the staged bytes durable (fsync) and visible as <folder>/<sha256>
    // (rename, fsync of the folder); on PostgreSQL, first copies them into the
    // database again if a release has removed them since share(). Call inside
    // the write transaction that records the row. Bytes refused before this
    // were never forced to disk.
    void place(Db& db, StagedFile& staged, int64_t now) const;
    // Removes <sha256> (and the database's copy) when no document row names
    // it, in its own write transaction. Call after the commit that dropped the
    // last reference.
    bool release(Db& db, const std::string& sha256) const;
    // Whether <folder>/<sha256> is there, copying it from the database first
    // when it is not (PostgreSQL): false when neither has it. Throws
    // StoreError when the database's copy does not hash to its name.
    bool ensure_local(Db& db, const std::string& sha256) const;
    // Removes unreferenced <sha256> files, kept bytes stored before
    // now - temp_age_ms that no row names, and staged files older than
    // temp_age_ms; on PostgreSQL copies into the database the referenced
    // files it lacks (a store older than migration 0019). Safe while handlers run.
    GcReport collect_garbage(Db& db, int64_t now, int64_t temp_age_ms) const;

    std::string path_of(const std::string& sha256) const { return folder_ + "/" + sha256; }
    const std::string& folder() const { return folder_; }

private:
    void put_in_folder(StagedFile& staged) const;
    bool share_file(Db& db, const std::string& sha256, int64_t now) const;
    std::string folder_;
};

// Whether text is 64 lowercase hex digits (the only names the store serves).
bool is_sha256_hex(const std::string& text);

}  // namespace guichet
