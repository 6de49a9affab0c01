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
    int orphans_removed = 0;  // <sha256> files no row refers to
    int temps_removed = 0;    // stale staged files
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
    // Makes the staged bytes durable (fsync) and visible as <folder>/<sha256>
    // (rename, fsync of the folder). Call inside the write transaction that
    // records the row. Bytes refused before this were never forced to disk.
    void place(StagedFile& staged) const;
    // Removes <sha256> when no document row names it, in its own write
    // transaction. Call after the commit that dropped the last reference.
    bool release(Db& db, const std::string& sha256) const;
    // Removes unreferenced <sha256> files and staged files older than
    // temp_age_ms. Safe while handlers run.
    GcReport collect_garbage(Db& db, int64_t now, int64_t temp_age_ms) const;

    std::string path_of(const std::string& sha256) const { return folder_ + "/" + sha256; }
    const std::string& folder() const { return folder_; }

private:
    std::string folder_;
};

// Whether text is 64 lowercase hex digits (the only names the store serves).
bool is_sha256_hex(const std::string& text);

}  // namespace guichet
