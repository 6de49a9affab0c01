// Fuzzes every handler's request parsing through its real handle() function,
// on one temporary migrated SQLite database created once per process, with a
// logged-in candidate and a logged-in administrator (so bodies reach the
// parsers behind the session checks). The first byte picks the route, the
// rest is the body (for uploads: the kind in the path, a newline, the file).
// Whatever the input, the answer is the contract's: never a 500.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>

#include "accounts/accounts_api.h"
#include "admin/admin_api.h"
#include "claim/claim_api.h"
#include "domain/admin_accounts.h"
#include "domain/sessions.h"
#include "base/clock.h"
#include "base/files.h"
#include "store/migrate.h"
#include "http/serve.h"
#include "http/test_request.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "dossier/dossier_api.h"
#include "upload/upload_api.h"
#include "window/window_api.h"

namespace {

using namespace guichet;

const char kOrigin[] = "http://guichet.test";
std::string g_dir;

std::string cookie_from(const Response& response, const std::string& name) {
    for (const auto& [header, value] : response.headers) {
        if (header == "Set-Cookie" && value.rfind(name + "=", 0) == 0) {
            return value.substr(0, value.find(';'));
        }
    }
    return "";
}

struct World {
    Config config;
    Program program;
    std::unique_ptr<accounts::Context> accounts;
    std::unique_ptr<dossier::Context> dossier;
    std::unique_ptr<claim::Context> claim;
    std::unique_ptr<claim::Reader> claim_reader;
    std::unique_ptr<upload::Context> upload;
    std::unique_ptr<admin::Context> admin;
    std::unique_ptr<window::Context> window;
    std::string candidate_cookie;
    std::string admin_cookie;

    static std::string make_dir() {
        char pattern[] = "/tmp/guichet-fuzz-handlers-XXXXXX";
        g_dir = mkdtemp(pattern);
        std::atexit([] { std::system(("rm -rf '" + g_dir + "'").c_str()); });
        for (const char* sub : {"/documents", "/status", "/tmp"}) std::system(("mkdir -p '" + g_dir + sub + "'").c_str());
        return g_dir;
    }

    Db open() { return Db(config.db_path, Durability::normal, 1000); }

    World() : program(load_program(std::getenv("GUICHET_PROGRAM") ? std::getenv("GUICHET_PROGRAM") : "db/program.json")) {
        std::string dir = make_dir();
        config.data_dir = dir;
        config.db_path = dir + "/guichet.db";
        config.documents_dir = dir + "/documents";
        config.status_dir = dir + "/status";
        config.origin = kOrigin;
        config.pbkdf2_iterations = 1000;
        {
            Db db(config.db_path, Durability::normal, 1000, true);
            apply_migrations(db, read_migrations("db/migrations"));
        }
        accounts = std::make_unique<accounts::Context>(config, open(), accounts::CommonPasswords::parse("qwertyuiop\n"));
        dossier = std::make_unique<dossier::Context>(dossier::Context{config, program, open()});
        claim = std::make_unique<claim::Context>(config, open(), program);
        claim_reader = std::make_unique<claim::Reader>(open());
        claim->committer.set_identity_key(std::string(32, 'i'));
        EcKey::generate(claim->key, claim->random);
        EcKey::load_private_pem(claim_reader->key, claim->key.private_pem());
        upload = std::make_unique<upload::Context>(
            upload::Context{config, program, open(), DocumentStore(config.documents_dir)});
        admin.reset(new admin::Context{config, open(), program, AccessLogCounter(dir + "/access.log"), {}, {},
                                       30 * 60 * 1000, 8 * 3600 * 1000, 60 * 1000, kOrigin});
        window = std::make_unique<window::Context>(window::Context{config, open()});

        const std::string account = R"({"email":"fuzz@example.org","password":"une longue phrase","name":"F","lang":"en"})";
        call(0, "POST", "/api/accounts", account, "");
        admin->db.exec("UPDATE accounts SET verified_at = 1");  // as the link in its message would
        candidate_cookie = cookie_from(
            call(0, "POST", "/api/session", R"({"email":"fuzz@example.org","password":"une longue phrase"})", ""),
            candidate_sessions(config).cookie);

        std::string secret = "0123456789abcdefghij";
        {
            Transaction tx(admin->db, Transaction::write);
            insert_admin(admin->db, "fuzz", hash_password("a long admin passphrase", 1000, admin->random), secret,
                         now_ms());
            tx.commit();
        }
        std::string login = R"({"user":"fuzz","password":"a long admin passphrase","totp":")" +
                            totp_code(secret, std::time(nullptr)) + "\"}";
        admin_cookie = cookie_from(call(5, "POST", "/api/admin/session", login, ""),
                                   admin_sessions(1, 1, config.cookie_secure).cookie);
        if (candidate_cookie.empty() || admin_cookie.empty()) {
            std::fprintf(stderr, "handlers_fuzz: could not log in (candidate %s, admin %s)\n", candidate_cookie.c_str(),
                         admin_cookie.c_str());
            std::abort();
        }
    }

    // pool: 0 accounts, 1 dossier, 2 claim, 3 upload, 4 window, 5 admin.
    Response call(int pool, const std::string& method, const std::string& path, const std::string& body,
                  const std::string& cookie) {
        TestRequest request(method, path, body);
        request.set("HTTP_ORIGIN", kOrigin).set("CONTENT_TYPE", "application/json");
        request.set("CONTENT_LENGTH", std::to_string(body.size()));
        if (!cookie.empty()) request.set("HTTP_COOKIE", cookie);
        AccessRecord record;
        HandlerFn fn;
        switch (pool) {
            case 0: fn = [&](const Request& r) { return accounts::handle(r, *accounts); }; break;
            case 1: fn = [&](const Request& r) { return dossier::handle(r, *dossier); }; break;
            case 2: fn = [&](const Request& r) { return claim::handle(r, *claim, *claim_reader); }; break;
            case 3: fn = [&](const Request& r) { return upload::handle(r, *upload); }; break;
            case 4: fn = [&](const Request& r) { return window::handle(r, *window); }; break;
            default: fn = [&](const Request& r) { return admin::handle(r, *admin); }; break;
        }
        Response response = handle_safely(fn, request, &record);
        if (response.status >= 500 && response.status != 503) {
            std::fprintf(stderr, "%s %s -> %d %s: %s\n", method.c_str(), path.c_str(), response.status,
                         record.error.c_str(), record.detail.c_str());
            __builtin_trap();
        }
        return response;
    }
};

struct FuzzRoute {
    int pool;
    const char* method;
    const char* path;
    bool admin;
};

const FuzzRoute kRoutes[] = {
    {0, "POST", "/api/accounts", false},          {0, "POST", "/api/session", false},
    {0, "DELETE", "/api/session", false},         {0, "GET", "/api/me", false},
    {0, "POST", "/api/accounts/verify", false},   {0, "POST", "/api/password-reset", false},
    {0, "POST", "/api/password-reset/confirm", false}, {0, "PUT", "/api/me/email", false},
    {1, "PUT", "/api/dossier", false},            {1, "GET", "/api/dossier", false},
    {2, "POST", "/api/claim", false},             {3, "PUT", "/api/documents/", false},
    {3, "GET", "/api/documents/", false},         {3, "DELETE", "/api/documents/", false},
    {4, "GET", "/api/window", false},             {5, "PUT", "/api/admin/banner", true},
    {5, "POST", "/api/admin/banner/preview", true}, {5, "PUT", "/api/admin/window", true},
    {5, "POST", "/api/admin/window/pause", true}, {5, "POST", "/api/admin/window/resume", true},
    {5, "POST", "/api/admin/session", false},     {5, "GET", "/api/admin/audit", true},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static World world;
    if (size == 0) return 0;
    const FuzzRoute& route = kRoutes[data[0] % (sizeof kRoutes / sizeof kRoutes[0])];
    std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string cookie = route.admin ? world.admin_cookie : world.candidate_cookie;
    if (route.pool == 3) {  // /api/documents/{kind}: the kind and the streamed body from the input
        size_t newline = rest.find('\n');
        std::string kind = rest.substr(0, newline);
        std::string file = newline == std::string::npos ? "" : rest.substr(newline + 1);
        world.call(3, route.method, route.path + kind, file, cookie);
    } else if (route.pool == 5 && std::string(route.path) == "/api/admin/audit") {
        TestRequest request(route.method, route.path);
        request.set("QUERY_STRING", rest).set("HTTP_COOKIE", cookie).set("HTTP_ORIGIN", kOrigin);
        AccessRecord record;
        Response response = handle_safely([&](const Request& r) { return admin::handle(r, *world.admin); }, request, &record);
        if (response.status >= 500 && response.status != 503) __builtin_trap();
    } else {
        world.call(route.pool, route.method, route.path, rest, cookie);
    }
    return 0;
}
