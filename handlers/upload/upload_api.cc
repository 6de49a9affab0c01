#include "upload/upload_api.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <stdexcept>

#include "http/access_log.h"
#include "base/clock.h"
#include "base/fd.h"
#include "base/files.h"
#include "base/mapped_file.h"
#include "http/csrf.h"
#include "base/json.h"
#include "base/validate.h"
#include "http/session_cookie.h"
#include "upload/document_check.h"
#include "upload/sniff.h"

namespace guichet::upload {

namespace {

constexpr const char kPrefix[] = "/api/documents/";

bool dossier_locked(Db& db, int64_t account_id) {
    Stmt stmt = db.prepare("SELECT locked_at IS NOT NULL FROM dossiers WHERE account_id = ?1");
    stmt.bind(1, account_id);
    bool locked = stmt.step() && stmt.int64(0) != 0;
    return locked;
}

// Bytes used by the candidate's documents other than `kind` (which a new upload replaces).
int64_t bytes_used_by_others(Db& db, int64_t account_id, const std::string& kind) {
    Stmt stmt = db.prepare("SELECT COALESCE(SUM(size), 0) FROM documents WHERE account_id = ?1 AND kind <> ?2");
    stmt.bind(1, account_id).bind(2, kind);
    stmt.step();
    int64_t used = stmt.int64(0);
    return used;
}

// The stored document's sha256 and type, or "" when the candidate has none of this kind.
std::pair<std::string, std::string> stored_document(Db& db, int64_t account_id, const std::string& kind) {
    Stmt stmt = db.prepare("SELECT sha256, type FROM documents WHERE account_id = ?1 AND kind = ?2");
    stmt.bind(1, account_id).bind(2, kind);
    std::pair<std::string, std::string> found;
    if (stmt.step()) found = {stmt.text(0), stmt.text(1)};
    return found;
}

// A session implies a verified address (logins need one); checked again
// here, as for claims, so that nothing else that makes a session can skip it.
bool address_verified(Db& db, int64_t account_id) {
    Stmt stmt = db.prepare("SELECT verified_at IS NOT NULL FROM accounts WHERE id = ?1");
    stmt.bind(1, account_id);
    return stmt.step() && stmt.int64(0) != 0;
}

void check_state(Db& db, int64_t account_id, const ProgramDocument& document, int64_t size, int64_t quota) {
    if (!address_verified(db, account_id)) throw ApiError(Err::email_unverified, "upload");
    if (dossier_locked(db, account_id)) throw ApiError(Err::dossier_locked);
    if (bytes_used_by_others(db, account_id, document.kind) + size > quota) {
        throw ApiError(Err::quota_exceeded, {{document.kind, "quota_exceeded"}});
    }
}

// After a commit the request has succeeded: failing to remove bytes no row
// names any more only leaves an orphan for gc, never an error for the candidate.
void release_quietly(Context& context, const std::string& sha256) {
    try {
        context.store.release(context.db, sha256);
    } catch (const std::exception& error) {
        log_event(context.config.handler, "release_failed", sha256 + ": " + error.what());
    }
}

// The structural check (document_check.h) over a read-only mapping of the
// body: a damaged or encrypted document is a 415 whose field code says which.
// Takes the descriptor only (the staged file's); the file must not shrink
// meanwhile, and a staged file does not.
void refuse_unless_whole(Context& context, int fd, size_t size, const std::string& type, const std::string& kind) {
    DocumentCheck check;
    try {
        MappedFile body(fd, size);
        check = check_document(type, body.data(), body.size());
    } catch (const std::runtime_error& error) {
        throw ApiError(Err::unavailable, std::string("map body file: ") + error.what());
    }
    if (check.ok()) return;
    log_event(context.config.handler, "document_refused", kind + " " + type + ": " + check.why);
    throw ApiError(Err::unsupported_media_type, {{kind, verdict_code(check.verdict)}});
}

// The body's announced length: -1 when absent (nginx passes it for a buffered body).
int64_t announced_length(const Request& request) {
    std::string text = request.param("CONTENT_LENGTH");
    if (text.empty()) return -1;
    char* end = nullptr;
    errno = 0;
    long long length = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0' || errno != 0 || length < 0 || end == text.c_str()) throw ApiError(Err::bad_request, "content-length");
    return length;
}

Response put_document(const Request& request, Context& context, int64_t account_id, const ProgramDocument& document) {
    // Cheap checks first, from the announced length, before any copy.
    int64_t announced = announced_length(request);
    if (announced == 0) throw ApiError(Err::empty_document, {{document.kind, field_error::empty}});
    if (announced > document.max_bytes) throw ApiError(Err::too_large, {{document.kind, "too_large"}});
    {
        Transaction tx(context.db, Transaction::read);
        check_state(context.db, account_id, document, std::max<int64_t>(announced, 0), context.program.quota_bytes);
    }
    // The reserve: below it uploads stop, so the database (and the claims)
    // keep room however much junk is sent.
    int64_t free = free_bytes(context.config.documents_dir);
    if (free >= 0 && free - std::max<int64_t>(announced, 0) < context.config.upload_reserve_bytes) {
        throw ApiError(Err::uploads_paused, std::to_string(free) + " bytes free").with_retry_after(300);
    }

    // The body arrives on the FastCGI stream, from nginx, which has read all of
    // it already (request buffering): a slow client never holds this worker.
    // Copied into a staged file, never more than the kind allows.
    int64_t received = 0;
    StagedFile staged = context.store.stage([&](char* buffer, size_t size) -> size_t {
        size_t got = request.read_body(buffer, size);
        received += static_cast<int64_t>(got);
        if (received > document.max_bytes) throw ApiError(Err::too_large, {{document.kind, "too_large"}});
        return got;
    });  // removed by its destructor unless placed
    int64_t size = staged.size();
    if (size == 0) throw ApiError(Err::empty_document, {{document.kind, field_error::empty}});
    if (announced >= 0 && size != announced) throw ApiError(Err::bad_request, "body shorter than its Content-Length");
    if (announced < 0) {  // no length announced: the reserve again, now that the staged bytes take their room
        int64_t left = free_bytes(context.config.documents_dir);
        if (left >= 0 && left < context.config.upload_reserve_bytes) {
            throw ApiError(Err::uploads_paused, std::to_string(left) + " bytes free").with_retry_after(300);
        }
    }
    char head[kSniffBytes];
    ssize_t got = pread(staged.fd(), head, sizeof head, 0);
    std::string type = sniff_media_type(std::string_view(head, got > 0 ? static_cast<size_t>(got) : 0));
    bool accepted = false;
    for (const std::string& t : document.types) accepted = accepted || (!type.empty() && t == type);
    if (!accepted) throw ApiError(Err::unsupported_media_type, {{document.kind, "unsupported_media_type"}});
    refuse_unless_whole(context, staged.fd(), static_cast<size_t>(size), type, document.kind);
    // On PostgreSQL the bytes go into the database first, committed on their
    // own: the write transaction below, which holds the lock claims need too,
    // then only records the row.
    int64_t now = context.clock->now();
    bool shared = context.store.share(context.db, staged, now);
    std::string previous;
    bool placed = false;
    try {
        Transaction tx(context.db, Transaction::write);
        check_state(context.db, account_id, document, size, context.program.quota_bytes);
        previous = stored_document(context.db, account_id, document.kind).first;
        context.store.place(context.db, staged, now);
        placed = true;
        Stmt stmt = context.db.prepare(
            "INSERT INTO documents (account_id, kind, sha256, type, size, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
            "ON CONFLICT (account_id, kind) DO UPDATE SET sha256 = excluded.sha256, type = excluded.type, "
            "size = excluded.size, uploaded_at = excluded.uploaded_at");
        stmt.bind(1, account_id).bind(2, document.kind).bind(3, staged.sha256()).bind(4, type);
        stmt.bind(5, size).bind(6, now);
        stmt.run();
        tx.commit();
    } catch (...) {
        // Shared or placed but not recorded (the transaction has rolled back
        // by now, refused by the checks or failed): drop the bytes unless a
        // row uses them; failing that, gc will.
        if (placed || shared) release_quietly(context, staged.sha256());
        throw;
    }
    // The old bytes go only now that the new row is committed.
    if (!previous.empty() && previous != staged.sha256()) release_quietly(context, previous);
    Json out(json_object());
    json_object_set_new(out.get(), "kind", json_str(document.kind));
    json_object_set_new(out.get(), "type", json_str(type));
    json_object_set_new(out.get(), "size", json_integer(size));
    json_object_set_new(out.get(), "sha256", json_str(staged.sha256()));
    return json_response(201, out.get());
}

Response get_document(Context& context, int64_t account_id, const ProgramDocument& document) {
    std::pair<std::string, std::string> stored;
    {
        Transaction tx(context.db, Transaction::read);
        stored = stored_document(context.db, account_id, document.kind);
    }
    if (stored.first.empty()) throw ApiError(Err::not_found);
    if (!is_sha256_hex(stored.first)) throw ApiError(Err::internal, "stored sha256 is not hex");
    // This node's folder may lack a document uploaded through another node,
    // or lost with a disk: the database's copy (PostgreSQL) is put back first.
    if (!context.store.ensure_local(context.db, stored.first)) {
        throw ApiError(Err::internal, "document " + stored.first + " is in neither the folder nor the database");
    }
    Response response;
    response.status = 200;
    response.header("Content-Type", stored.second);
    response.header("Cache-Control", "private, no-store");
    response.header("X-Accel-Redirect", "/internal/documents/" + stored.first);
    return response;
}

Response delete_document(Context& context, int64_t account_id, const ProgramDocument& document) {
    std::string previous;
    {
        Transaction tx(context.db, Transaction::write);
        if (dossier_locked(context.db, account_id)) throw ApiError(Err::dossier_locked);
        previous = stored_document(context.db, account_id, document.kind).first;
        Stmt stmt = context.db.prepare("DELETE FROM documents WHERE account_id = ?1 AND kind = ?2");
        stmt.bind(1, account_id).bind(2, document.kind);
        stmt.run();
        tx.commit();
    }
    if (!previous.empty()) release_quietly(context, previous);
    return no_content();
}

}  // namespace

const ProgramDocument* document_for_path(const Program& program, const std::string& path) {
    if (path.rfind(kPrefix, 0) != 0) return nullptr;
    return program.document(path.substr(sizeof kPrefix - 1));
}

namespace {

// The cross-site check, then the session, then the kind (404 unknown_kind).
template <Response (*Work)(const Request&, Context&, int64_t, const ProgramDocument&)>
Response for_document(const Request& request, Context& context) {
    require_same_origin(request, context.config.origin);
    Session session = require_live_session(context.db, request, context.config, context.clock->now());
    const ProgramDocument* document = document_for_path(context.program, request.path());
    if (!document) throw ApiError(Err::unknown_kind);
    return Work(request, context, session.account_id, *document);
}

Response get_route(const Request&, Context& context, int64_t account_id, const ProgramDocument& document) {
    return get_document(context, account_id, document);
}
Response delete_route(const Request&, Context& context, int64_t account_id, const ProgramDocument& document) {
    return delete_document(context, account_id, document);
}

// The bytes are streamed, capped by nginx (GUICHET_UPLOAD_MAX) and then by each
// kind's max_bytes (put_document): no Content-Length check here.
constexpr size_t kStreamed = SIZE_MAX;

const RouteTable<Context> kRoutes = {
    {{{"GET"}, "/api/documents/{kind}", "", kNoBody}, for_document<get_route>},
    {{{"PUT"}, "/api/documents/{kind}", "", kStreamed}, for_document<put_document>},
    {{{"DELETE"}, "/api/documents/{kind}", "", kNoBody}, for_document<delete_route>},
};

}  // namespace

const RouteTable<Context>& routes() { return kRoutes; }

Response handle(const Request& request, Context& context) { return dispatch(kRoutes, request, context); }

}  // namespace guichet::upload
