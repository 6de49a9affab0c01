// Fixtures for the review and promotion unit tests: an fcfs window with
// claims written straight into a migrated database, and small readers.
#pragma once

#include <map>
#include <string>

#include "base/api_error.h"
#include "domain/promotion.h"
#include "domain/window.h"
#include "tests/unit/fixtures.h"

namespace guichet::test {

inline constexpr int64_t kDay = 24 * 3600 * 1000;
inline const Actor kReviewer{"alice", "127.0.0.1"};

inline std::string one(Db& db, const std::string& sql) {
    static std::map<std::string, std::string> keep;  // Db::prepare caches by the SQL's address
    auto [it, added] = keep.emplace(sql, sql);
    Stmt stmt = db.prepare(it->second.c_str());
    std::string out = stmt.step() ? stmt.text(0) : "";
    return out;
}

inline std::string claim_id_of(int rank) { return std::string(31, '0') + std::to_string(rank % 10); }

// An fcfs window with `places` places and `claims` claims, the first `places` granted.
inline Db fcfs_db(const TempDir& dir, int places, int claims) {
    Db db = migrated_db(dir.path);
    Transaction tx(db, Transaction::write);
    store_window(db, {1000, 100000, places, "fcfs", std::nullopt, ""}, 0);
    for (int i = 1; i <= claims; ++i) {
        db.prepare("INSERT INTO accounts (id, email, name, lang, password_hash, created_at, verified_at) "
                   "VALUES (?1, ?2, 'n', 'fr', '', 0, 0)")
            .bind(1, i)
            .bind(2, "c" + std::to_string(i) + "@example.org")
            .run();
        std::string outcome = i <= places ? "granted" : "waitlisted";
        db.prepare("INSERT INTO claims (rank, claim_id, account_id, received_at, outcome, dossier_sha256, receipt, "
                   "signature) VALUES (?1, ?2, ?1, ?1, ?3, 'd', ?4, 'stored-signature')")
            .bind(1, i)
            .bind(2, claim_id_of(i))
            .bind(3, outcome)
            .bind(4, R"({"outcome":")" + outcome + R"(","rank":)" + std::to_string(i) + "}")
            .run();
    }
    db.prepare("UPDATE intake_window SET claims_count = ?1, places_granted = ?2")
        .bind(1, claims)
        .bind(2, std::min(places, claims))
        .run();
    tx.commit();
    return db;
}

inline std::string outcome(Db& db, int rank) {
    return one(db, "SELECT outcome FROM claims WHERE rank = " + std::to_string(rank));
}
inline std::string places_granted(Db& db) { return one(db, "SELECT places_granted FROM intake_window"); }
inline std::string holding(Db& db) {
    return one(db, "SELECT count(*) FROM claims c WHERE outcome = 'granted' AND NOT EXISTS "
                   "(SELECT 1 FROM reviews r WHERE r.claim_id = c.claim_id AND r.decision = 'rejected')");
}

// The ApiError code a call throws, or "ok".
template <class F>
inline std::string code_of_call(F call) {
    try {
        call();
    } catch (const ApiError& error) {
        return error.code();
    }
    return "ok";
}


}  // namespace guichet::test
