#include "store/lock_turns.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <map>
#include <mutex>

#include "base/fd.h"

namespace guichet {

static_assert(std::atomic<uint32_t>::is_always_lock_free && std::atomic<uint64_t>::is_always_lock_free,
              "the turns are shared between processes: their atomics must not be locks");

namespace {

uint64_t now_us() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);  // one clock for every process of the machine
    return static_cast<uint64_t>(now.tv_sec) * 1000000u + static_cast<uint64_t>(now.tv_nsec) / 1000u;
}

constexpr uint64_t kFresh_us = 1000;   // a poll this recent is a writer still waiting
constexpr uint64_t kAside_us = 2000;   // the longest a committer steps aside
constexpr long kPause_ns = 50 * 1000;  // between its looks

LockTurns::Shared* map_file(const std::string& database_path) {
    struct stat database {};
    if (stat(database_path.c_str(), &database) != 0) return nullptr;
    std::string path = LockTurns::file_of(database_path);
    Fd file(open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (file.get() >= 0) {
        // Made here: the database's mode, so every process that may write the
        // database (its group's, in production) may take turns.
        if (fchmod(file.get(), database.st_mode & 0666) != 0) return nullptr;
    } else {
        file = Fd(open(path.c_str(), O_RDWR | O_CLOEXEC));
        if (file.get() < 0) return nullptr;
    }
    struct stat seen {};
    if (fstat(file.get(), &seen) != 0) return nullptr;
    if (seen.st_size < static_cast<off_t>(sizeof(LockTurns::Shared)) &&
        ftruncate(file.get(), sizeof(LockTurns::Shared)) != 0) {
        return nullptr;
    }
    void* mapped = mmap(nullptr, sizeof(LockTurns::Shared), PROT_READ | PROT_WRITE, MAP_SHARED, file.get(), 0);
    return mapped == MAP_FAILED ? nullptr : static_cast<LockTurns::Shared*>(mapped);  // zeroes: no one waits
}

}  // namespace

std::shared_ptr<LockTurns> LockTurns::of(const std::string& database_path) {
    static std::mutex mutex;
    static std::map<std::string, std::weak_ptr<LockTurns>> mapped;
    std::lock_guard<std::mutex> hold(mutex);
    if (std::shared_ptr<LockTurns> turns = mapped[database_path].lock()) return turns;
    Shared* shared = map_file(database_path);
    if (!shared) return nullptr;
    std::shared_ptr<LockTurns> turns(new LockTurns(shared));
    mapped[database_path] = turns;
    return turns;
}

LockTurns::~LockTurns() { munmap(shared_, sizeof(Shared)); }

void LockTurns::waiting() {
    shared_->seen_us.store(now_us(), std::memory_order_relaxed);
    shared_->pid.store(static_cast<uint32_t>(getpid()), std::memory_order_release);
}

void LockTurns::got_lock() {
    uint32_t self = static_cast<uint32_t>(getpid());
    shared_->pid.compare_exchange_strong(self, 0, std::memory_order_acq_rel);  // only if the last poll was ours
}

void LockTurns::after_commit() {
    uint32_t self = static_cast<uint32_t>(getpid());
    uint64_t start = now_us();
    for (;;) {
        uint32_t pid = shared_->pid.load(std::memory_order_acquire);
        uint64_t seen = shared_->seen_us.load(std::memory_order_relaxed);
        uint64_t now = now_us();
        if (pid == 0 || pid == self || now - seen > kFresh_us || now - start > kAside_us) return;
        timespec pause{0, kPause_ns};
        nanosleep(&pause, nullptr);
    }
}

}  // namespace guichet
