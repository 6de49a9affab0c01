// guichet-mailer: the outbox's one deliverer (see mailer_pool.h).
#include "http/run_pool.h"
#include "mailer/mailer_pool.h"

int main() {
    using namespace guichet;
    return run_pool<mailer::Pool>(
        "mailer", 1, [](const Config& config) { return std::make_unique<mailer::Pool>(config); },
        [](const Config&, mailer::Pool& pool) { return pool.sandbox_rules(); }, mailer::routes());
}
