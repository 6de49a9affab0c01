// Configuration from the environment (set by the pool launcher from the data
// folder's guichet.env). Read once at start; every key has a safe default.
#pragma once

#include <cstdint>
#include <string>

namespace guichet {

struct Config {
    std::string data_dir;        // GUICHET_DATA: database, documents, keys, logs
    std::string db_path;         // GUICHET_DATABASE (a file or a postgresql:// URI), else GUICHET_DB, default <data>/guichet.db
    std::string keys_dir;        // GUICHET_KEYS, default <data>/keys
    std::string documents_dir;   // GUICHET_DOCUMENTS, default <data>/documents
    std::string status_dir;      // GUICHET_STATUS_DIR: where banner.html/json live
    std::string claim_log_dir;   // GUICHET_CLAIM_LOG_DIR: the public log of claims (served at /log/)
    std::string program_path;    // GUICHET_PROGRAM: the program definition (JSON)
    std::string origin;          // GUICHET_ORIGIN: "https://example.org", for the cross-site check
    bool cookie_secure = true;   // GUICHET_COOKIE_SECURE=0 only on the loopback-only local site
    bool sync_full = true;       // GUICHET_SYNC=normal trades durability for speed (never for claims)
    int64_t session_lifetime_s = 24 * 3600;   // GUICHET_SESSION_HOURS
    int64_t session_idle_s = 12 * 3600;       // GUICHET_SESSION_IDLE_MINUTES
    int session_max_per_account = 5;          // GUICHET_SESSION_MAX
    std::string password_scheme = "argon2id"; // GUICHET_PASSWORD_HASH: argon2id or pbkdf2-sha256 (new hashes)
    uint32_t argon2_memory_kib = 19456;       // GUICHET_ARGON2_MEMORY_KIB
    uint32_t argon2_passes = 2;               // GUICHET_ARGON2_PASSES
    uint32_t pbkdf2_iterations = 100000;      // GUICHET_PBKDF2_ITERATIONS
    // Uploads stop when the documents' filesystem would keep less than this
    // free (GUICHET_UPLOAD_RESERVE_MB): the database and the claims keep room.
    int64_t upload_reserve_bytes = 1024LL * 1024 * 1024;
    std::string handler;         // name used in logs ("window", "claim", ...)

    static Config from_environment(const std::string& handler_name);
};

// An environment variable, or fallback when unset or empty.
std::string env_or(const char* name, const std::string& fallback);
int64_t env_int(const char* name, int64_t fallback, int64_t min, int64_t max);

}  // namespace guichet
