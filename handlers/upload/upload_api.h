// The upload handler: a candidate's documents, one per kind of the program.
//
// PUT /api/documents/{kind}  raw bytes, read whole by nginx first, then streamed
//                            over FastCGI into a staged file -> 201 {kind, type, size, sha256}
// GET /api/documents/{kind}  -> 200 served by nginx (X-Accel-Redirect to
//                            /internal/documents/<sha256>, Content-Type of the stored type)
// DELETE /api/documents/{kind} -> 204 (also when there was none: idempotent)
//
// {kind} is only ever compared with the program's list of kinds; no part of
// the request becomes a path. The type is recognised from the bytes.
//
// Statuses: 201, 200 (GET, via nginx), 204; 401 no_session; 403 cross_site;
// 404 unknown_kind (not a kind of the program, including any traversal
// attempt) or not_found (GET of a document the candidate does not have);
// 405 method_not_allowed; 409 dossier_locked (PUT/DELETE after the claim);
// 413 too_large (over the kind's max_bytes; nginx answers 413 itself past
// GUICHET_UPLOAD_MAX) or quota_exceeded (all documents over quota_bytes);
// 415 unsupported_media_type (bytes not of a type accepted for the kind; with
// the field code damaged or encrypted when they are of an accepted type but
// fail its structural check, document_check.h);
// 422 empty_document (0 bytes); 503 unavailable (database or disk).
#pragma once

#include <memory>

#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"
#include "store/document_store.h"
#include "domain/program.h"
#include "http/request.h"
#include "http/response.h"
#include "http/routes.h"
#include "os/sandbox.h"

namespace guichet::upload {

struct Context {
    Config config;
    Program program;
    Db db;
    DocumentStore store;
    const Clock* clock = &system_clock();  // tests set a TestClock
};

// For main(): the context (with its start-up work) and what the worker may
// still touch once sandboxed.
std::unique_ptr<Context> open_context(const Config& config);
SandboxRules sandbox_rules(const Config& config, Context& context);

// The handler's routes (see the statuses above), and one request through them.
const RouteTable<Context>& routes();
Response handle(const Request& request, Context& context);

// The kind named by a path under /api/documents/, if the program has it; null otherwise.
const ProgramDocument* document_for_path(const Program& program, const std::string& path);

}  // namespace guichet::upload
