// The public log of claims through the real site (docs/claims.md): the claim
// pool appends each claim under the lock and publishes the entries and a
// signed checkpoint that nginx serves at /log/; the receipts name their
// entries; a checkpoint follows the closing.
#include <doctest/doctest.h>

#include <chrono>
#include <signal.h>
#include <string>
#include <thread>
#include <vector>

#include "base/encoding.h"
#include "crypto/digest.h"
#include "crypto/ecdsa.h"
#include "tests/integration/claim_fixture.h"
#include "tests/integration/json_util.h"
#include "tests/integration/site.h"

using namespace guichet;
using namespace guichet::test;

namespace {

struct Checkpoint {
    std::string text;
    Json value;
};

// The served checkpoint, checked against the served key.
Checkpoint served_checkpoint(HttpClient& client) {
    HttpResponse key_file = client.get("/keys/receipt.pem");
    REQUIRE(key_file.status == 200);
    EcKey key;
    EcKey::load_public_pem(key, key_file.body);
    HttpResponse file = client.get("/log/checkpoint.json");
    REQUIRE(file.status == 200);
    Json outer = parse_json(file.body);
    Checkpoint checkpoint{json_text(outer, "checkpoint"), Json()};
    CHECK(key.verify(checkpoint.text, base64_decode(json_text(outer, "signature")).value_or("")));
    checkpoint.value = parse_json(checkpoint.text);
    return checkpoint;
}

// Waits (the publisher's period is 1 s here) for a checkpoint with this count and window state.
Checkpoint wait_for_checkpoint(HttpClient& client, long long count, const std::string& window) {
    for (int i = 0; i < 150; ++i) {
        HttpResponse file = client.get("/log/checkpoint.json");
        if (file.status == 200) {
            Json value = parse_json(json_text(parse_json(file.body), "checkpoint"));
            if (json_int(value, "count") == count && json_text(value, "window") == window) {
                return served_checkpoint(client);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("no checkpoint with count " << count << " and window " << window);
    return {};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        lines.push_back(text.substr(start, end - start));
    }
    CHECK(start == text.size());
    return lines;
}

std::vector<std::string> claim_each(const Site& site, const std::vector<Candidate>& candidates) {
    std::vector<std::string> receipts;
    HttpClient client(site.url());
    for (const Candidate& candidate : candidates) {
        log_in(client, candidate);
        HttpResponse answer = client.post("/api/claim", "");
        REQUIRE(answer.status == 201);
        receipts.push_back(json_text(parse_json(answer.body), "receipt"));
    }
    return receipts;
}

}  // namespace

TEST_CASE("the_site_publishes_a_signed_chain_of_its_claims_that_the_receipts_name") {
    Site site({"GUICHET_LOG_SECONDS=1"});
    REQUIRE(site.admin({"window", "set", "--opens-at", "+0", "--closes-at", "+3600", "--places", "3"}) == 0);
    std::vector<Candidate> candidates = seed_candidates(site, 5);
    std::vector<std::string> receipts = claim_each(site, candidates);

    HttpClient client(site.url());
    Checkpoint checkpoint = wait_for_checkpoint(client, 5, "open");
    HttpResponse segment = client.get("/log/entries/000001.jsonl");
    REQUIRE(segment.status == 200);
    CHECK(segment.header("cache-control") == "no-cache");
    std::vector<std::string> lines = lines_of(segment.body);
    REQUIRE(lines.size() == 5);
    std::string prev(64, '0');
    for (size_t i = 0; i < lines.size(); ++i) {
        Json entry = parse_json(lines[i]);
        Json receipt = parse_json(receipts[i]);
        std::string hash = hex_encode(sha256(lines[i]));
        CHECK(json_int(entry, "index") == static_cast<long long>(i + 1));
        CHECK(json_text(entry, "prev") == prev);
        CHECK(json_int(receipt, "log_index") == json_int(entry, "index"));
        CHECK(json_text(receipt, "log_hash") == hash);
        CHECK(json_text(entry, "claim_id") == json_text(receipt, "claim_id"));
        CHECK(json_text(entry, "received_at") == json_text(receipt, "received_at"));
        CHECK(json_text(entry, "dossier_sha256") == json_text(receipt, "dossier_sha256"));
        CHECK(json_int(entry, "rank") == json_int(receipt, "rank"));
        // Nothing that names the candidate.
        CHECK(lines[i].find(candidates[i].email) == std::string::npos);
        CHECK(lines[i].find('@') == std::string::npos);
        prev = hash;
    }
    CHECK(json_text(checkpoint.value, "head") == prev);
    CHECK(client.get("/log/checkpoints/5.json").status == 200);
    CHECK(client.get("/log/.lock").status == 404);

    // Claim workers killed and restarted: the chain goes on from the database.
    for (int pid : site.workers("claim")) kill(pid, SIGKILL);
    std::vector<Candidate> later = seed_candidates(site, 1);
    std::vector<std::string> more;
    for (int i = 0; i < 100 && more.empty(); ++i) {
        HttpClient again(site.url());
        log_in(again, later[0]);
        HttpResponse answer = again.post("/api/claim", "");
        if (answer.status == 201) more.push_back(json_text(parse_json(answer.body), "receipt"));
        else std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(more.size() == 1);
    wait_for_checkpoint(client, 6, "open");
    std::vector<std::string> grown = lines_of(client.get("/log/entries/000001.jsonl").body);
    REQUIRE(grown.size() == 6);
    CHECK(json_text(parse_json(grown[5]), "prev") == prev);
    CHECK(json_text(parse_json(more[0]), "log_hash") == hex_encode(sha256(grown[5])));

    // The closing is published too; the numbered checkpoint of that count is the first one.
    std::string numbered = client.get("/log/checkpoints/6.json").body;
    REQUIRE(site.admin({"window", "close"}) == 0);
    Checkpoint closing = wait_for_checkpoint(client, 6, "closed");
    CHECK(json_text(closing.value, "head") == hex_encode(sha256(grown[5])));
    CHECK(client.get("/log/checkpoints/6.json").body == numbered);
}
