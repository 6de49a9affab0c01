// guichet-claim: a FastCGI worker for /api/claim (see claim_api.h).
#include <cstdio>
#include <exception>

#include "claim/claim_api.h"
#include "common/files.h"
#include "common/sandbox.h"
#include "common/serve.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("claim");
    try {
        // Claims are always fully durable, whatever GUICHET_SYNC says for other pools.
        claim::Context context(config, Db(config.db_path, Durability::full), load_program(config.program_path));
        std::string key_path = config.keys_dir + "/receipt.key";
        std::optional<std::string> pem = read_file(key_path);
        if (!pem) throw std::runtime_error("cannot read " + key_path);
        EcKey::load_private_pem(context.key, *pem);
        // The key is in memory now: from here on not even this handler can open keys/.
        enter_sandbox(config, database_rules(context.db));
        return serve_fastcgi(config, [&](const Request& request) { return claim::handle(request, context); });
    } catch (const std::exception& error) {
        std::fprintf(stderr, "guichet-claim: cannot start: %s\n", error.what());
        return 1;
    }
}
