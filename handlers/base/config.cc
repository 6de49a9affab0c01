#include "base/config.h"

#include <cerrno>
#include <cstdlib>

namespace guichet {

std::string env_or(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::string(value) : fallback;
}

int64_t env_int(const char* name, int64_t fallback, int64_t min, int64_t max) {
    const char* value = std::getenv(name);
    if (!value || !*value) return fallback;
    char* end = nullptr;
    errno = 0;
    long long parsed = std::strtoll(value, &end, 10);
    if (errno != 0 || *end != '\0' || parsed < min || parsed > max) return fallback;
    return parsed;
}

Config Config::from_environment(const std::string& handler_name) {
    Config config;
    config.handler = handler_name;
    config.data_dir = env_or("GUICHET_DATA", "data");
    // GUICHET_DATABASE: a file (SQLite) or a postgresql:// URI (store/db.h);
    // GUICHET_DB, the older name, still works when it is not set.
    config.db_path = env_or("GUICHET_DATABASE", env_or("GUICHET_DB", config.data_dir + "/guichet.db"));
    config.keys_dir = env_or("GUICHET_KEYS", config.data_dir + "/keys");
    config.documents_dir = env_or("GUICHET_DOCUMENTS", config.data_dir + "/documents");
    config.status_dir = env_or("GUICHET_STATUS_DIR", config.data_dir + "/status");
    config.claim_log_dir = env_or("GUICHET_CLAIM_LOG_DIR", config.data_dir + "/claim-log");
    config.program_path = env_or("GUICHET_PROGRAM", "db/program.json");
    config.origin = env_or("GUICHET_ORIGIN", "");
    config.cookie_secure = env_or("GUICHET_COOKIE_SECURE", "1") != "0";
    config.sync_full = env_or("GUICHET_SYNC", "full") != "normal";
    config.session_lifetime_s = env_int("GUICHET_SESSION_HOURS", 24, 1, 24 * 30) * 3600;
    config.session_idle_s = env_int("GUICHET_SESSION_IDLE_MINUTES", 720, 5, 24 * 60 * 30) * 60;
    config.session_max_per_account = static_cast<int>(env_int("GUICHET_SESSION_MAX", 5, 1, 100));
    config.pbkdf2_iterations = static_cast<uint32_t>(env_int("GUICHET_PBKDF2_ITERATIONS", 100000, 1000, 10000000));
    config.password_scheme = env_or("GUICHET_PASSWORD_HASH", "argon2id") == "pbkdf2-sha256" ? "pbkdf2-sha256" : "argon2id";
    config.argon2_memory_kib = static_cast<uint32_t>(env_int("GUICHET_ARGON2_MEMORY_KIB", 19456, 8, 256 * 1024));
    config.argon2_passes = static_cast<uint32_t>(env_int("GUICHET_ARGON2_PASSES", 2, 1, 10));
    config.upload_reserve_bytes = env_int("GUICHET_UPLOAD_RESERVE_MB", 1024, 0, 1LL << 40) * 1024 * 1024;
    return config;
}

}  // namespace guichet
