// guichet-dossier: a FastCGI worker for GET/PUT /api/dossier (see dossier_api.h).
#include "dossier/dossier_api.h"
#include "http/run_pool.h"

int main() {
    using namespace guichet;
    using dossier::Context;
    return run_pool<Context>(
        "dossier",
        [](const Config& config) {
            return std::unique_ptr<Context>(new Context{config, load_program(config.program_path), Db(config.db_path)});
        },
        [](const Config&, Context& context) { return database_rules(context.db); },  // the database only
        dossier::routes());
}
