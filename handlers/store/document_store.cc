#include "store/document_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <mbedtls/md.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <vector>

#include "base/encoding.h"
#include "base/fd.h"
#include "base/mapped_file.h"
#include "store/document_bytes.h"

namespace guichet {

namespace {

constexpr const char kStagePrefix[] = ".upload-";

// SHA-256 fed chunk by chunk (the one-shot digest.h function needs the whole file).
class StreamingSha256 {
public:
    StreamingSha256() {
        mbedtls_md_init(&ctx_);
        if (mbedtls_md_setup(&ctx_, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 0) != 0 ||
            mbedtls_md_starts(&ctx_) != 0) {
            mbedtls_md_free(&ctx_);
            throw std::runtime_error("sha256 setup failed");
        }
    }
    ~StreamingSha256() { mbedtls_md_free(&ctx_); }
    StreamingSha256(const StreamingSha256&) = delete;
    StreamingSha256& operator=(const StreamingSha256&) = delete;
    void update(const char* data, size_t size) {
        mbedtls_md_update(&ctx_, reinterpret_cast<const unsigned char*>(data), size);
    }
    void update(const unsigned char* data, size_t size) { update(reinterpret_cast<const char*>(data), size); }
    std::string hex() {
        unsigned char out[32];
        mbedtls_md_finish(&ctx_, out);
        return hex_encode(std::string_view(reinterpret_cast<const char*>(out), sizeof out));
    }

private:
    mbedtls_md_context_t ctx_;
};

[[noreturn]] void io_failure(const std::string& what) {
    throw StoreError(StoreError::Kind::unavailable, what + ": " + std::strerror(errno));
}

void sync_folder(const std::string& folder) {
    Fd dir(open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0 || fsync(dir.get()) != 0) io_failure("fsync " + folder);
}

bool referenced(Db& db, const std::string& sha256) {
    Stmt stmt = db.prepare("SELECT 1 FROM documents WHERE sha256 = ?1 LIMIT 1");
    stmt.bind(1, sha256);
    bool found = stmt.step();
    return found;
}

}  // namespace

bool is_sha256_hex(const std::string& text) {
    if (text.size() != 64) return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : fd_(std::move(other.fd_)),
      temp_path_(std::move(other.temp_path_)), sha256_(std::move(other.sha256_)), size_(other.size_),
      placed_(other.placed_) {
    other.temp_path_.clear();
}

StagedFile::~StagedFile() {
    if (!temp_path_.empty() && !placed_) unlink(temp_path_.c_str());
}

DocumentStore::DocumentStore(std::string folder) : folder_(std::move(folder)) {}

StagedFile DocumentStore::stage(const ReadSome& read_some) const {
    StagedFile staged;
    std::string pattern = folder_ + "/" + kStagePrefix + "XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    staged.fd_.reset(mkostemp(name.data(), O_CLOEXEC));
    if (!staged.fd_.valid()) io_failure("create staged file in " + folder_);
    staged.temp_path_ = name.data();  // from here the destructor cleans up
    if (fchmod(staged.fd_.get(), 0640) != 0) io_failure("chmod staged file");
    StreamingSha256 hash;
    std::unique_ptr<char[]> buffer(new char[1 << 16]);
    for (;;) {
        size_t got = read_some(buffer.get(), 1 << 16);
        if (got == 0) break;
        hash.update(buffer.get(), got);
        for (size_t done = 0; done < got;) {
            ssize_t put = write(staged.fd_.get(), buffer.get() + done, got - done);
            if (put < 0 && errno == EINTR) continue;
            if (put <= 0) io_failure("write staged file");
            done += static_cast<size_t>(put);
        }
        staged.size_ += static_cast<int64_t>(got);
    }
    staged.sha256_ = hash.hex();
    return staged;
}

StagedFile DocumentStore::stage(int fd) const {
    return stage([fd](char* buffer, size_t size) -> size_t {
        for (;;) {
            ssize_t got = read(fd, buffer, size);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) io_failure("read upload");
            return static_cast<size_t>(got);
        }
    });
}

bool DocumentStore::share(Db& db, const StagedFile& staged, int64_t now) const {
    if (!document_bytes::kept_by(db)) return false;
    MappedFile bytes(staged.fd(), static_cast<size_t>(staged.size()));
    document_bytes::insert(db, staged.sha256(), bytes.data(), bytes.size(), now);
    return true;
}

void DocumentStore::place(Db& db, StagedFile& staged, int64_t now) const {
    // Under the write lock, so no release can come between this check and the commit.
    if (document_bytes::kept_by(db) && !document_bytes::present(db, staged.sha256())) {
        MappedFile bytes(staged.fd(), static_cast<size_t>(staged.size()));
        document_bytes::insert(db, staged.sha256(), bytes.data(), bytes.size(), now);
    }
    put_in_folder(staged);
}

void DocumentStore::put_in_folder(StagedFile& staged) const {
    if (fsync(staged.fd_.get()) != 0) io_failure("fsync staged file");
    // Identical content may already be there: renaming over it replaces the
    // file with the same bytes, atomically, so a reader never sees a gap.
    if (rename(staged.temp_path_.c_str(), path_of(staged.sha256_).c_str()) != 0) io_failure("rename into store");
    staged.placed_ = true;
    sync_folder(folder_);
}

bool DocumentStore::release(Db& db, const std::string& sha256) const {
    if (!is_sha256_hex(sha256)) return false;
    Transaction tx(db, Transaction::write);  // excludes a concurrent place() of the same bytes
    if (referenced(db, sha256)) return false;
    bool removed = document_bytes::kept_by(db) && document_bytes::remove(db, sha256);
    removed = (unlink(path_of(sha256).c_str()) == 0) || removed;
    tx.commit();
    return removed;
}

bool DocumentStore::ensure_local(Db& db, const std::string& sha256) const {
    if (!is_sha256_hex(sha256)) return false;
    if (access(path_of(sha256).c_str(), F_OK) == 0) return true;
    if (!document_bytes::kept_by(db)) return false;
    std::optional<std::string> bytes;
    {
        Transaction tx(db, Transaction::read);
        bytes = document_bytes::read(db, sha256);
    }
    if (!bytes) return false;
    size_t offset = 0;
    StagedFile staged = stage([&](char* buffer, size_t size) -> size_t {
        size_t n = std::min(size, bytes->size() - offset);
        std::memcpy(buffer, bytes->data() + offset, n);
        offset += n;
        return n;
    });
    if (staged.sha256() != sha256) {
        throw StoreError(StoreError::Kind::bug, "document_bytes " + sha256 + " hashes to " + staged.sha256());
    }
    put_in_folder(staged);
    return true;
}

// A referenced file of this node that the database lacks: copied there once
// its bytes are checked against its name (a damaged file is left to the
// operator, never spread).
bool DocumentStore::share_file(Db& db, const std::string& sha256, int64_t now) const {
    Fd fd(open(path_of(sha256).c_str(), O_RDONLY | O_CLOEXEC));
    struct stat info;
    if (!fd.valid() || fstat(fd.get(), &info) != 0) return false;
    MappedFile bytes(fd.get(), static_cast<size_t>(info.st_size));
    StreamingSha256 hash;
    hash.update(bytes.data(), bytes.size());
    if (hash.hex() != sha256) return false;
    document_bytes::insert(db, sha256, bytes.data(), bytes.size(), now);
    return true;
}

GcReport DocumentStore::collect_garbage(Db& db, int64_t now, int64_t temp_age_ms) const {
    GcReport report;
    // A snapshot of referenced hashes picks the candidates without holding the
    // write lock for the whole scan; each candidate is re-checked under it.
    std::set<std::string> live;
    {
        Transaction tx(db, Transaction::read);
        Stmt stmt = db.prepare("SELECT DISTINCT sha256 FROM documents");
        while (stmt.step()) live.insert(stmt.text(0));
    }
    std::vector<std::string> orphans;
    std::vector<std::string> stale;
    std::vector<std::string> kept_here;  // referenced files of this folder
    std::unique_ptr<DIR, int (*)(DIR*)> dir(opendir(folder_.c_str()), closedir);
    if (!dir) io_failure("open " + folder_);
    while (dirent* entry = readdir(dir.get())) {
        std::string name = entry->d_name;
        if (is_sha256_hex(name)) {
            (live.count(name) == 0 ? orphans : kept_here).push_back(name);
        } else if (name.rfind(kStagePrefix, 0) == 0) {
            struct stat info;
            std::string path = folder_ + "/" + name;
            if (lstat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
                now - static_cast<int64_t>(info.st_mtime) * 1000 > temp_age_ms) {
                stale.push_back(path);
            }
        }
    }
    for (const std::string& sha : orphans) {
        if (release(db, sha)) ++report.orphans_removed;
    }
    for (const std::string& path : stale) {
        if (unlink(path.c_str()) == 0) ++report.temps_removed;
    }
    if (!document_bytes::kept_by(db)) return report;
    std::vector<std::string> unreferenced;
    std::set<std::string> in_database;
    {
        Transaction tx(db, Transaction::read);
        unreferenced = document_bytes::unreferenced(db, now - temp_age_ms);
        in_database = document_bytes::names(db);
    }
    for (const std::string& sha : unreferenced) {
        if (release(db, sha)) ++report.orphans_removed;
    }
    for (const std::string& sha : kept_here) {
        if (in_database.count(sha) == 0 && share_file(db, sha, now)) ++report.shared;
    }
    return report;
}

}  // namespace guichet
