// guichet-dossier: a FastCGI worker for GET/PUT /api/dossier (see dossier_api.h).
#include "os/sandbox.h"
#include "http/serve.h"
#include "dossier/dossier_api.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("dossier");
    dossier::Context context{config, load_program(config.program_path), Db(config.db_path)};
    try {
        enter_sandbox(config, database_rules(context.db));  // the database only
    } catch (const std::exception& error) {
        log_event("dossier", "cannot start", error.what());
        return 1;
    }
    return serve_fastcgi(config, [&](const Request& request) { return dossier::handle(request, context); });
}
