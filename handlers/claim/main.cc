// guichet-claim: a FastCGI worker for /api/claim (see claim_api.h).
//
// GUICHET_CLAIM_THREADS request threads (default 64) share one Committer, so
// claims arriving together are committed together (committer.h). Receipts are
// signed under the lock with nonces precomputed while the worker is idle
// (crypto/presign.h): GUICHET_CLAIM_NONCES of them per worker (default
// 50,000; 0 turns this off). The worker logs "receipt nonces ready" once its
// pool is full; with the pool empty, receipts are signed deterministically
// after the commit instead (slower, never refused).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include "claim/claim_api.h"
#include "base/encoding.h"
#include "base/files.h"
#include "crypto/presign.h"
#include "os/sandbox.h"
#include "http/serve.h"

namespace {

using namespace guichet;

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

}  // namespace

int main() {
    Config config = Config::from_environment("claim");
    block_stop_signals();  // before any thread: only the serving loop takes them
    try {
        int threads = static_cast<int>(env_int("GUICHET_CLAIM_THREADS", 64, 1, 256));
        size_t nonces = static_cast<size_t>(env_int("GUICHET_CLAIM_NONCES", 50000, 0, 10000000));
        // Declared first, so that it outlives the committer that signs with it.
        std::unique_ptr<NoncePool> pool;
        // Claims are always fully durable, whatever GUICHET_SYNC says for other pools.
        claim::Context context(config, Db(config.db_path, Durability::full), load_program(config.program_path));
        std::vector<std::unique_ptr<claim::Reader>> readers;
        for (int i = 0; i < threads; ++i) {
            readers.push_back(std::make_unique<claim::Reader>(Db(config.db_path, Durability::full)));
        }
        std::string key_path = config.keys_dir + "/receipt.key";
        std::optional<std::string> pem = read_file(key_path);
        if (!pem) throw std::runtime_error("cannot read " + key_path);
        EcKey::load_private_pem(context.key, *pem);
        for (auto& reader : readers) EcKey::load_private_pem(reader->key, *pem);
        if (nonces > 0) {
            pool = std::make_unique<NoncePool>(context.key, nonces);
            context.committer.set_signer([&pool](const std::string& receipt) -> std::optional<std::string> {
                std::optional<std::string> signature = pool->sign(receipt);
                if (!signature) return std::nullopt;
                return base64_encode(*signature);
            });
        }
        // The key is in memory now: from here on not even this handler can open
        // keys/. Threads start after this, so they inherit the sandbox.
        enter_sandbox(config, database_rules(context.committer.db()));
        std::unique_ptr<ReadyNotice> notice;
        if (pool) {
            pool->start_filler();
            notice = std::make_unique<ReadyNotice>(config, *pool);
        }
        context.committer.start();
        int status = serve_fastcgi_threads(config, threads, [&](int i) -> HandlerFn {
            claim::Reader& reader = *readers[static_cast<size_t>(i)];
            return [&context, &reader](const Request& request) { return claim::handle(request, context, reader); };
        });
        claim::Committer::Stats stats = context.committer.stats();
        log_event(config.handler, "stopped",
                  std::to_string(stats.claims) + " claims in " + std::to_string(stats.batches) +
                      " commits, at most " + std::to_string(stats.largest) + " in one");
        return status;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "guichet-claim: cannot start: %s\n", error.what());
        return 1;
    }
}
