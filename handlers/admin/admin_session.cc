// Administrator log in and out, and the session check of every other route.
// Sessions are domain/sessions.h's admin kind (cookie guichet_admin, table
// admin_sessions); they end after 30 idle minutes or 8 hours by default.
#include "admin/admin_api.h"
#include "domain/admin_accounts.h"
#include "domain/audit.h"
#include "base/clock.h"
#include "crypto/password.h"
#include "http/input.h"
#include "base/json.h"
#include "domain/login_throttle.h"
#include "domain/sessions.h"
#include "http/session_cookie.h"
#include "crypto/totp.h"

namespace guichet::admin {

namespace {

const std::vector<FieldSpec> kLoginFields = {
    {"user", FieldType::text, true, 1, 64},
    {"password", FieldType::password, true, 1, 256},
    {"totp", FieldType::text, true, 1, 16},
};

SessionKind session_kind(const Context& context) { return admin_sessions(context.lifetime_ms, context.idle_ms, context.config.cookie_secure); }

// A hash of the same cost as a real one, so an unknown name takes as long as a wrong password.
const std::string& dummy_hash(Context& context) {
    static std::string hash = dummy_password_hash(password_cost(context.config), context.random);
    return hash;
}

Json user_value(const std::string& name) {
    Json value(json_object());
    json_object_set_new(value.get(), "user", json_str(name));
    return value;
}

}  // namespace

Response login(const Request& request, Context& context) {
    Input input = parse_input(request.body(4096), kLoginFields);
    std::string name = input.text("user");
    int64_t now = context.clock->now();
    // Throttled per name and client, and per client (domain/login_throttle.h),
    // counted before the hash: the owner's own client is never slowed by
    // guesses from elsewhere.
    std::string subject = admin_subject(name), client = request.client();
    std::optional<AdminRecord> admin;
    int64_t wait = 0;
    {
        Transaction tx(context.db, Transaction::write);
        admin = find_admin(context.db, name);
        wait = reserve_attempt(context.db, subject, client, now);
        tx.commit();
    }
    if (wait > 0) throw ApiError(Err::rate_limited, "login delay").with_retry_after(static_cast<int>(wait));
    std::string password = input.text("password");
    bool password_ok = verify_password(password, admin ? admin->password_hash : dummy_hash(context));
    std::optional<int64_t> step;
    if (admin) step = totp_match(admin->totp_secret, input.text("totp"), now / 1000);
    // One answer for every failure: which factor was wrong is not told.
    bool ok = admin && password_ok && step && *step > admin->last_totp_step;
    if (!ok) {
        Json attempted = user_value(name);
        std::string reason = !admin ? "unknown_user" : !password_ok ? "bad_password" : !step ? "bad_totp" : "totp_reused";
        json_object_set_new(attempted.get(), "reason", json_str(reason));
        audit(context, request, admin ? admin->name : "(unknown)", "login_failed", nullptr, attempted.get());
        throw ApiError(Err::admin_bad_credentials, reason);
    }
    // A lower stored cost (or a hand-made salt) is raised now, as for candidates;
    // the costly hash runs outside the write transaction.
    std::string new_hash;
    if (needs_rehash(admin->password_hash, password_cost(context.config))) {
        new_hash = hash_password(password, password_cost(context.config), context.random);
    }
    SessionKind kind = session_kind(context);
    NewToken token = new_session_token(context.random);
    int64_t expires_at = 0;
    {
        Transaction tx(context.db, Transaction::write);
        // The code is spent: the same (or an older) step is refused from now on.
        context.db.prepare("UPDATE admins SET last_totp_step = ?1 WHERE id = ?2 AND last_totp_step < ?1")
            .bind(1, *step)
            .bind(2, admin->id)
            .run();
        if (context.db.changes() == 0) throw ApiError(Err::admin_bad_credentials, "totp_reused");
        clear_attempt(context.db, subject, client);
        if (!new_hash.empty()) update_admin_password(context.db, admin->id, new_hash);
        expires_at = open_session(context.db, kind, admin->id, token.key, now);
        Json after = user_value(admin->name);
        append_audit(context.db, admin->name, "login", nullptr, after.get(), request.remote_addr(), now);
        tx.commit();
    }
    Json body = user_value(admin->name);
    json_object_set_new(body.get(), "expires_at", json_str(format_time(expires_at)));
    Response response = json_response(200, body.get());
    response.header("Set-Cookie", session_cookie(kind, token.cookie_value, context.config.cookie_secure));
    return response;
}

Admin require_admin(const Request& request, Context& context) {
    SessionKind kind = session_kind(context);
    std::string token = session_token(request, kind);
    std::string key = session_key(token);
    if (key.empty()) throw ApiError(Err::no_session);
    int64_t now = context.clock->now();
    std::optional<Session> session;
    std::optional<AdminRecord> record;
    {
        // A read: a dashboard that polls never takes the claim writer's lock.
        Transaction tx(context.db, Transaction::read);
        session = find_session(context.db, kind, token, now);
        if (session) record = find_admin_by_id(context.db, session->account_id);
    }
    if (!record) throw ApiError(Err::no_session);
    keep_alive(context.db, kind, token, *session, now);  // at most one write a minute
    return Admin{record->id, record->name, session->expires_at};
}

Response session_info(const Admin& admin) {
    Json body = user_value(admin.name);
    json_object_set_new(body.get(), "expires_at", json_str(format_time(admin.expires_at)));
    return json_response(200, body.get());
}

Response logout(const Request& request, Context& context, const Admin& admin) {
    SessionKind kind = session_kind(context);
    int64_t now = context.clock->now();
    Transaction tx(context.db, Transaction::write);
    revoke_session(context.db, kind, session_key(session_token(request, kind)), now);
    append_audit(context.db, admin.name, "logout", nullptr, nullptr, request.remote_addr(), now);
    tx.commit();
    Response response = no_content();
    response.header("Set-Cookie", cleared_session_cookie(kind, context.config.cookie_secure));
    return response;
}

}  // namespace guichet::admin
