// guichet-dossier: a FastCGI worker for GET/PUT /api/dossier (see dossier_api.h).
#include "common/serve.h"
#include "dossier/dossier_api.h"

int main() {
    using namespace guichet;
    Config config = Config::from_environment("dossier");
    dossier::Context context{config, load_program(config.program_path), Db(config.db_path)};
    return serve_fastcgi(config, [&](const Request& request) { return dossier::handle(request, context); });
}
