// guichet-upload: a FastCGI worker for /api/documents/{kind} (see upload_api.h).
#include "http/run_pool.h"
#include "upload/upload_api.h"

int main() {
    using namespace guichet;
    return run_pool<upload::Context>("upload", upload::open_context, upload::sandbox_rules, upload::routes());
}
