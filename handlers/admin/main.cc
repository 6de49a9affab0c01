// guichet-admin-fcgi: a FastCGI worker for /api/admin/... (see admin_api.h).
#include "admin/admin_api.h"
#include "http/run_pool.h"

int main() {
    using namespace guichet;
    return run_pool<admin::Context>("admin", admin::open_context, admin::sandbox_rules, admin::routes(),
                                     admin::start_helpers);
}
