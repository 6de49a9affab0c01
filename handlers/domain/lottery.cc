#include "domain/lottery.h"

#include <algorithm>
#include <utility>

#include "crypto/digest.h"
#include "base/encoding.h"
#include "domain/window.h"

namespace guichet {

std::string lottery_key(const std::string& seed, const std::string& claim_id) {
    return hex_encode(hmac_sha256(seed, claim_id));
}

std::vector<std::string> lottery_ranking(const std::string& seed, std::vector<std::string> claim_ids) {
    std::vector<std::pair<std::string, std::string>> keyed;
    keyed.reserve(claim_ids.size());
    for (std::string& id : claim_ids) {
        std::string key = lottery_key(seed, id);
        keyed.emplace_back(std::move(key), std::move(id));
    }
    std::sort(keyed.begin(), keyed.end());  // by key, then claim_id
    std::vector<std::string> ranking;
    ranking.reserve(keyed.size());
    for (auto& entry : keyed) ranking.push_back(std::move(entry.second));
    return ranking;
}

std::string seed_commitment(const std::string& seed) { return hex_encode(sha256(seed)); }

std::string load_lottery_seed(Db& db) {
    Stmt stmt = db.prepare("SELECT seed FROM lottery_seed WHERE id = 1");
    std::string seed;
    if (stmt.step()) seed = stmt.blob(0);
    return seed;
}

void prepare_lottery_seed(Db& db, Random& random, int64_t now) {
    std::optional<Window> window = load_window(db);
    if (!window) return;
    if (window->policy != "lottery") {
        db.prepare("DELETE FROM lottery_seed").run();
        db.prepare("UPDATE intake_window SET seed_commitment = NULL WHERE id = 1").run();
        return;
    }
    std::string seed = load_lottery_seed(db);
    if (seed.empty()) {
        seed = random.bytes(32);
        db.prepare("INSERT INTO lottery_seed (id, seed, created_at) VALUES (1, ?1, ?2)")
            .bind_blob(1, seed.data(), seed.size())
            .bind(2, now)
            .run();
    }
    db.prepare("UPDATE intake_window SET seed_commitment = ?1 WHERE id = 1").bind(1, seed_commitment(seed)).run();
}

}  // namespace guichet
