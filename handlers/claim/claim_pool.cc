#include "claim/claim_pool.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>
#include <thread>

#include "base/encoding.h"
#include "base/files.h"
#include "base/log.h"
#include "domain/identity.h"

namespace guichet::claim {

// Logs once when the pool first holds its target, so an operator (and the
// benchmark) can see that opening-day signing will be fast.
class ReadyNotice {
public:
    ReadyNotice(const Config& config, NoncePool& pool)
        : thread_([this, &config, &pool] {
              auto start = std::chrono::steady_clock::now();
              while (!stop_.load() && pool.size() < pool.target()) {
                  std::this_thread::sleep_for(std::chrono::milliseconds(100));
              }
              if (stop_.load()) return;
              double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
              char detail[96];
              std::snprintf(detail, sizeof detail, "%zu in %.1f s", pool.target(), seconds);
              log_event(config.handler, "receipt nonces ready", detail);
          }) {}
    ~ReadyNotice() {
        stop_.store(true);
        thread_.join();
    }

private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

int claim_threads() { return static_cast<int>(env_int("GUICHET_CLAIM_THREADS", 64, 1, 256)); }

namespace {

// A claim worker's connection reads with pread, not through a mapping of the
// database (db.cc maps 256 MiB): each of its 65 connections mapped the file
// on its own, so every read transaction after the committer's checkpoint had
// grown the file unmapped and mapped it again (a TLB shootdown across the
// worker's threads), and every checkpoint's fsync walked all those mappings
// (page_mkclean). Measured with perf during a burst: half of the session
// lookup's time and of the checkpoint's (docs/benchmarks.md).
// (PostgreSQL has no mapping of its own to turn off.)
Db claim_connection(const std::string& path) {
    Db db(path, Durability::full);
    if (!db.is_postgres()) db.exec("PRAGMA mmap_size=0");
    return db;
}

}  // namespace

// Claims are always fully durable, whatever GUICHET_SYNC says for other pools.
Pool::Pool(const Config& config, int threads)
    : config_(config), context_(config, claim_connection(config.db_path), load_program(config.program_path)) {
    size_t nonces = static_cast<size_t>(env_int("GUICHET_CLAIM_NONCES", 50000, 0, 10000000));
    for (int i = 0; i < threads; ++i) {
        readers_.push_back(std::make_unique<Reader>(claim_connection(config.db_path)));
        threads_.push_back(Thread{context_, *readers_.back()});
    }
    std::string key_path = config.keys_dir + "/receipt.key";
    std::optional<std::string> pem = read_file(key_path);
    if (!pem) throw std::runtime_error("cannot read " + key_path);
    EcKey::load_private_pem(context_.key, *pem);
    for (auto& reader : readers_) EcKey::load_private_pem(reader->key, *pem);
    // SQLite's WAL is checkpointed off the commit path; PostgreSQL's server
    // checkpoints its own.
    if (!context_.committer.db().is_postgres()) {
        disable_autocheckpoint(context_.committer.db());
        checkpointer_ = std::make_unique<WalCheckpointer>(claim_connection(config.db_path));
    }
    publisher_ = std::make_unique<LogPublisher>(config_, context_.program.id, *pem);
    // The identity's key (one place per person), read before the sandbox too,
    // when the program compares identities.
    if (context_.program.identity) {
        std::string identity_path = config.keys_dir + "/" + kIdentityKeyFile;
        std::optional<std::string> identity_key = read_file(identity_path);
        if (!identity_key || identity_key->size() < kIdentityKeyBytes) {
            throw std::runtime_error("cannot read " + identity_path + " (guichet-admin keygen)");
        }
        context_.committer.set_identity_key(std::move(*identity_key));
    }
    if (nonces > 0) {
        nonces_ = std::make_unique<NoncePool>(context_.key, nonces);
        NoncePool& pool = *nonces_;
        if (!pool.locked_in_memory()) {
            log_event(config.handler, "nonces_swappable",
                      std::string("mlock refused (") + strerrorname_np(pool.lock_error()) +
                          "): the receipt nonces could reach swap; raise RLIMIT_MEMLOCK (LimitMEMLOCK=)");
        }
        context_.committer.set_signer([&pool](const std::string& receipt) -> std::optional<std::string> {
            std::optional<std::string> signature = pool.sign(receipt);
            if (!signature) return std::nullopt;
            return base64_encode(*signature);
        });
    }
}

SandboxRules Pool::sandbox_rules() {
    SandboxRules rules = database_rules(context_.committer.db());
    rules.write_dirs.push_back(config_.claim_log_dir);
    return rules;
}

void Pool::start() {
    if (nonces_) {
        nonces_->start_filler();
        notice_ = std::make_unique<ReadyNotice>(config_, *nonces_);
    }
    context_.committer.start();
    if (checkpointer_) checkpointer_->start();
    // The request threads, which serve_fastcgi_threads starts from this
    // thread once this returns (they inherit its niceness), yield the CPU to
    // the committer: everyone's claim waits for the committer, and during a
    // burst dozens of request threads are runnable at once (a batch just
    // answered reads its next requests) while it places the next batch under
    // the write lock. Lowering is always allowed (the sandbox permits
    // setpriority on the calling thread only); raising the committer is not.
    int request_nice = static_cast<int>(env_int("GUICHET_CLAIM_REQUEST_NICE", 5, 0, 19));
    if (request_nice > 0) setpriority(PRIO_PROCESS, 0, request_nice);
    publisher_->start();
}

Pool::~Pool() {
    Committer::Stats stats = context_.committer.stats();
    log_event(config_.handler, "stopped",
              std::to_string(stats.claims) + " claims in " + std::to_string(stats.batches) + " commits, at most " +
                  std::to_string(stats.largest) + " in one; waiting for the lock " +
                  std::to_string(stats.lock_us / 1000) + " ms, placing " + std::to_string(stats.place_us / 1000) +
                  " ms, committing " + std::to_string(stats.commit_us / 1000) + " ms");
}

}  // namespace guichet::claim
