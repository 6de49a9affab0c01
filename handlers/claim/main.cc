// guichet-claim: a FastCGI worker for /api/claim (see claim_api.h), with
// several request threads over one committer (claim_pool.h).
#include "claim/claim_pool.h"
#include "http/run_pool.h"

int main() {
    using namespace guichet;
    int threads = claim::claim_threads();
    return run_pool<claim::Pool>(
        "claim", threads, [threads](const Config& config) { return std::make_unique<claim::Pool>(config, threads); },
        [](const Config&, claim::Pool& pool) { return pool.sandbox_rules(); }, claim::routes());
}
