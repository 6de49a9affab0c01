// Administrator log in and out, and the session check of every other route.
// The cookie guichet_admin holds 32 random bytes (base64url); the database
// keeps only their SHA-256. Sessions end after 30 idle minutes or 8 hours.
#include "admin/admin_api.h"
#include "domain/admin_accounts.h"
#include "domain/audit.h"
#include "base/clock.h"
#include "crypto/digest.h"
#include "base/encoding.h"
#include "http/input.h"
#include "base/json.h"
#include "domain/session.h"
#include "crypto/totp.h"

namespace guichet::admin {

namespace {

constexpr const char kCookie[] = "guichet_admin";

const std::vector<FieldSpec> kLoginFields = {
    {"user", FieldType::text, true, 1, 64},
    {"password", FieldType::password, true, 1, 256},
    {"totp", FieldType::text, true, 1, 16},
};

std::string cookie_header(const Context& context, const std::string& value, int64_t max_age_s) {
    std::string header = std::string(kCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                         std::to_string(max_age_s);
    if (context.config.cookie_secure) header += "; Secure";
    return header;
}

// A hash of the same cost as a real one, so an unknown name takes as long as a wrong password.
const std::string& dummy_hash(Context& context) {
    static std::string hash = hash_admin_password("not a password", context.config.pbkdf2_iterations, context.random);
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
    std::optional<AdminRecord> admin;
    {
        Transaction tx(context.db, Transaction::read);
        admin = find_admin(context.db, name);
    }
    bool password_ok = verify_admin_password(admin ? admin->password_hash : dummy_hash(context), input.text("password"));
    std::optional<int64_t> step;
    if (admin) step = totp_match(admin->totp_secret, input.text("totp"), now / 1000);
    // One answer for every failure: which factor was wrong is not told.
    bool ok = admin && password_ok && step && *step > admin->last_totp_step;
    if (!ok) {
        Json attempted = user_value(name);
        std::string reason = !admin ? "unknown_user" : !password_ok ? "bad_password" : !step ? "bad_totp" : "totp_reused";
        json_object_set_new(attempted.get(), "reason", json_str(reason));
        audit(context, request, admin ? admin->name : "(unknown)", "login_failed", nullptr, attempted.get());
        throw ApiError("admin_bad_credentials", reason);
    }
    std::string raw = context.random.bytes(32);
    std::string key = sha256(raw);
    int64_t expires_at = now + context.lifetime_ms;
    {
        Transaction tx(context.db, Transaction::write);
        // The code is spent: the same (or an older) step is refused from now on.
        context.db.prepare("UPDATE admins SET last_totp_step = ?1 WHERE id = ?2 AND last_totp_step < ?1")
            .bind(1, *step)
            .bind(2, admin->id)
            .run();
        if (context.db.changes() == 0) throw ApiError("admin_bad_credentials", "totp_reused");
        context.db
            .prepare("INSERT INTO admin_sessions (token_hash, admin_id, created_at, expires_at, last_seen_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?3)")
            .bind_blob(1, key.data(), key.size())
            .bind(2, admin->id)
            .bind(3, now)
            .bind(4, expires_at)
            .run();
        Json after = user_value(admin->name);
        append_audit(context.db, admin->name, "login", nullptr, after.get(), request.remote_addr(), now);
        tx.commit();
    }
    Json body = user_value(admin->name);
    json_object_set_new(body.get(), "expires_at", json_str(format_time(expires_at)));
    Response response = json_response(200, body.get());
    response.header("Set-Cookie", cookie_header(context, base64url_encode(raw), context.lifetime_ms / 1000));
    return response;
}

Admin require_admin(const Request& request, Context& context) {
    std::string key = session_key(request.cookie(kCookie));
    if (key.empty()) throw ApiError("no_session");
    int64_t now = context.clock->now();
    Transaction tx(context.db, Transaction::write);
    Stmt stmt = context.db.prepare(
        "SELECT s.admin_id, a.name, s.expires_at, s.last_seen_at FROM admin_sessions s "
        "JOIN admins a ON a.id = s.admin_id WHERE s.token_hash = ?1 AND s.revoked_at IS NULL");
    stmt.bind_blob(1, key.data(), key.size());
    if (!stmt.step()) throw ApiError("no_session");
    Admin admin{stmt.int64(0), stmt.text(1), stmt.int64(2)};
    int64_t last_seen = stmt.int64(3);
    if (now >= admin.expires_at || now - last_seen >= context.idle_ms) throw ApiError("no_session");
    // Touch at most once a minute: a dashboard polling every few seconds costs no write each time.
    if (now - last_seen >= 60 * 1000) {
        context.db.prepare("UPDATE admin_sessions SET last_seen_at = ?1 WHERE token_hash = ?2")
            .bind(1, now)
            .bind_blob(2, key.data(), key.size())
            .run();
    }
    tx.commit();
    return admin;
}

Response session_info(const Admin& admin) {
    Json body = user_value(admin.name);
    json_object_set_new(body.get(), "expires_at", json_str(format_time(admin.expires_at)));
    return json_response(200, body.get());
}

Response logout(const Request& request, Context& context, const Admin& admin) {
    std::string key = session_key(request.cookie(kCookie));
    int64_t now = context.clock->now();
    Transaction tx(context.db, Transaction::write);
    context.db.prepare("UPDATE admin_sessions SET revoked_at = ?1 WHERE token_hash = ?2")
        .bind(1, now)
        .bind_blob(2, key.data(), key.size())
        .run();
    append_audit(context.db, admin.name, "logout", nullptr, nullptr, request.remote_addr(), now);
    tx.commit();
    Response response = no_content();
    response.header("Set-Cookie", cookie_header(context, "", 0));
    return response;
}

}  // namespace guichet::admin
