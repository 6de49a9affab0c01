// The claim handler: POST /api/claim takes a place, GET /api/claim shows the
// candidate's receipt again.
//
// Statuses:
//   POST 201 {receipt, signature}: the claim was recorded (after a durable commit)
//        200 {receipt, signature}: the candidate had already claimed: the same bytes
//        400 bad_json (a body that is not a JSON object; the claim takes no input)
//        401 no_session   403 cross_site
//        409 window_paused | window_closed
//        409 duplicate_identity: another account's claim holds the same passport
//            (issuing country and number); the attempt is recorded, with no rank
//        422 not_compliant, with `fields` and `problems` as GET /api/dossier shows them
//        425 too_early, with `opens_at` once a window is scheduled
//   GET  200 {receipt, signature}   401 no_session   404 no_claim
//        and, once review or promotion touched the claim, history, confirm_by,
//        confirmed_at, offer_expired_at, review (claim_standing.h); expired
//        offers are swept first (domain/promotion.h)
//   POST /api/claim/confirm: the place offered from the waiting list is confirmed
//        200 as GET (confirmed_at set; again: the same)   401   403 cross_site
//        409 no_offer | offer_expired (with confirm_by)
//   404 not_found (another path)   405 method_not_allowed   413 too_large (body)
//   503 unavailable with Retry-After (database busy, full or failing: nothing was recorded)
//   nginx adds 503 busy with Retry-After when the pool's queue is full.
//
// The pool's workers each run several request threads (GUICHET_CLAIM_THREADS)
// over one Committer (committer.h), so the claims that arrive together are
// committed together. Each thread reads through its own connection (Reader);
// the Context is shared and only read, except through the Committer.
#pragma once

#include <memory>

#include "claim/committer.h"
#include "base/clock.h"
#include "base/config.h"
#include "store/db.h"
#include "crypto/ecdsa.h"
#include "domain/program.h"
#include "domain/promotion.h"
#include "crypto/random.h"
#include "http/request.h"
#include "http/response.h"
#include "http/routes.h"

namespace guichet::claim {

struct Context {
    // writer: Durability::full, so a 201 means the claim is on disk.
    Context(Config c, Db writer, Program p, const Clock& time = system_clock())
        : config(std::move(c)), program(std::move(p)), clock(&time), committer(std::move(writer), program, kMaxBatch, time) {}
    Config config;
    Program program;
    const Clock* const clock;  // the committer's too: set once, at construction
    EcKey key;        // the receipt key (private): for set-up; threads sign with their own copy
    Committer committer;
    Random random;    // for set-up only (threads have their own)
    int64_t promotion_ms = promotion_window_ms();  // GUICHET_PROMOTION_DAYS, for the sweeps GET and confirm run
};

// What one request thread owns: its read connection, random generator and
// copy of the receipt key (mbedTLS 2.28 writes a table into a key's curve
// the first time it signs: a key must not be shared by signing threads).
struct Reader {
    explicit Reader(Db d) : db(std::move(d)) {}
    Db db;
    Random random;
    EcKey key;
};

// What one request thread works with: the shared context and its own reader.
struct Thread {
    Context& context;
    Reader& reader;
};

// The handler's routes (see the statuses above), and one request through them.
const RouteTable<Thread>& routes();
Response handle(const Request& request, Context& context, Reader& reader);

}  // namespace guichet::claim
