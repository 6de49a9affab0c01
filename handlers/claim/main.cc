// guichet-claim: a FastCGI worker for /api/claim (see claim_api.h).
//
// GUICHET_CLAIM_THREADS request threads (default 16) share one Committer, so
// claims arriving together are committed together (committer.h).
#include <cstdio>
#include <exception>
#include <memory>
#include <vector>

#include "claim/claim_api.h"
#include "common/files.h"
#include "common/sandbox.h"
#include "common/serve.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("claim");
    try {
        int threads = static_cast<int>(env_int("GUICHET_CLAIM_THREADS", 16, 1, 256));
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
        // The key is in memory now: from here on not even this handler can open
        // keys/. Threads start after this, so they inherit the sandbox.
        enter_sandbox(config, database_rules(context.committer.db()));
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
