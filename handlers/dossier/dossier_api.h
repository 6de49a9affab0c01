// The dossier handler: GET and PUT /api/dossier, the candidate's draft.
//
// GET  -> 200 {fields, documents: [{kind, type, size, sha256, uploaded_at}],
//              compliance: {compliant, problems: [{field|document, code, message}]}, locked}
// PUT {fields: {key: value|null|""}} -> 200 (the same view, after the merge)
//
// Statuses: 200; 400 bad_json (not a JSON object); 401 no_session;
// 403 cross_site (PUT not from the site); 404 not_found (another path);
// 405 method_not_allowed; 409 dossier_locked (PUT after the claim);
// 413 too_large (body over 64 KiB; nginx stops bodies over 16 KiB first);
// 422 invalid with a code per field (wrong_type, invalid, too_long,
// too_short, out_of_range, unknown_field); 503 unavailable (database busy).
#pragma once

#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"
#include "domain/program.h"
#include "http/request.h"
#include "http/response.h"
#include "http/routes.h"

namespace guichet::dossier {

struct Context {
    Config config;
    Program program;
    Db db;
    const Clock* clock = &system_clock();  // tests set a TestClock
};

// The handler's routes (see the statuses above), and one request through them.
const RouteTable<Context>& routes();
Response handle(const Request& request, Context& context);

}  // namespace guichet::dossier
