// The public log of claims: entries appended under the claim lock, receipts
// naming them, and the published files (domain/claim_log.h, log_publish.h).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "base/encoding.h"
#include "base/files.h"
#include "base/json.h"
#include "claim/claim_place.h"
#include "claim/test_db.h"
#include "domain/claim_log.h"
#include "domain/log_publish.h"
#include "crypto/digest.h"
#include "tools/guichet-seed/seed.h"

using namespace guichet;
using namespace guichet::claim;

namespace {

std::string field(const std::string& text, const char* name) {
    Json value = json_parse_object(text);
    json_t* f = json_object_get(value.get(), name);
    return json_is_string(f) ? json_string_value(f) : json_dump(f);
}

std::vector<ClaimOutcome> claim_all(ClaimDb& t, size_t n) {
    auto seeded = seed::seed_candidates(t.db, t.program, static_cast<int64_t>(n), t.random);
    std::vector<ClaimOutcome> out;
    for (size_t i = 0; i < n; ++i) {
        out.push_back(claim_place(t.db, t.program, t.identity_key, seeded[i].account_id, "c" + std::to_string(i + 1),
                                  t.clock.now()));
    }
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        lines.push_back(text.substr(start, end - start));
    }
    CHECK(start == text.size());  // every line ends with a newline
    return lines;
}

}  // namespace

TEST_CASE("each_claim_is_an_entry_chained_to_the_previous_and_its_receipt_names_it") {
    ClaimDb t;
    t.open_window(2);
    std::vector<ClaimOutcome> claims = claim_all(t, 3);
    std::vector<LogEntry> entries = log_entries(t.db, 1, 10);
    REQUIRE(entries.size() == 3);
    std::string prev = kLogGenesis;
    for (size_t i = 0; i < 3; ++i) {
        const LogEntry& e = entries[i];
        CHECK(e.index == static_cast<int64_t>(i + 1));
        CHECK(e.hash == hex_encode(sha256(e.text)));
        CHECK(field(e.text, "prev") == prev);
        CHECK(field(e.text, "rank") == std::to_string(i + 1));
        // The receipt names the entry, and the entry holds the receipt's facts, no address.
        const std::string& r = claims[i].receipt;
        CHECK(field(r, "log_index") == std::to_string(i + 1));
        CHECK(field(r, "log_hash") == e.hash);
        for (const char* name : {"claim_id", "received_at", "dossier_sha256", "rank"}) {
            CHECK(field(e.text, name) == field(r, name));
        }
        CHECK(e.text.find('@') == std::string::npos);
        prev = e.hash;
    }
    CHECK(log_head(t.db).count == 3);
    CHECK(log_head(t.db).hash == entries[2].hash);
}

TEST_CASE("claims_made_before_the_log_get_their_entries_first_so_index_stays_rank") {
    ClaimDb t;
    t.open_window(5);
    claim_all(t, 2);
    t.db.exec("DELETE FROM claim_log");  // as if claimed before migration 0017
    auto more = seed::seed_candidates(t.db, t.program, 1, t.random);
    ClaimOutcome third = claim_place(t.db, t.program, t.identity_key, more[0].account_id, "c3", t.clock.now());
    std::vector<LogEntry> entries = log_entries(t.db, 1, 10);
    REQUIRE(entries.size() == 3);
    CHECK(field(entries[0].text, "claim_id") == "c1");
    CHECK(field(entries[1].text, "claim_id") == "c2");
    CHECK(field(entries[2].text, "prev") == entries[1].hash);
    CHECK(field(third.receipt, "log_index") == "3");
}

TEST_CASE("publishing_writes_segments_then_a_signed_checkpoint_and_only_when_something_changed") {
    ClaimDb t;
    t.open_window(10);
    std::string dir = t.dir + "/log";
    prepare_log_dir(dir);
    EcKey key;
    EcKey::generate(key, t.random);
    // Nothing claimed yet: a checkpoint of an empty log.
    CHECK(publish_log(t.db, dir, t.program.id, key, t.random, t.clock.now()));
    CHECK(read_published(dir)->count == 0);
    CHECK(!publish_log(t.db, dir, t.program.id, key, t.random, t.clock.now()));

    std::vector<ClaimOutcome> claims = claim_all(t, kLogSegment + 2);
    CHECK(publish_log(t.db, dir, t.program.id, key, t.random, t.clock.now()));
    std::vector<std::string> first = lines_of(*read_file(dir + "/entries/000001.jsonl"));
    std::vector<std::string> second = lines_of(*read_file(dir + "/entries/000002.jsonl"));
    REQUIRE(first.size() == static_cast<size_t>(kLogSegment));
    REQUIRE(second.size() == 2);
    CHECK(hex_encode(sha256(second[1])) == field(claims.back().receipt, "log_hash"));
    CHECK(field(second[0], "prev") == hex_encode(sha256(first.back())));

    Json file = json_parse_object(*read_file(dir + "/checkpoint.json"));
    std::string text = json_string_value(json_object_get(file.get(), "checkpoint"));
    std::string signature = base64_decode(json_string_value(json_object_get(file.get(), "signature"))).value_or("");
    CHECK(key.verify(text, signature));
    CHECK(field(text, "count") == std::to_string(kLogSegment + 2));
    CHECK(field(text, "head") == hex_encode(sha256(second[1])));
    CHECK(field(text, "window") == "open");
    CHECK(field(text, "log") == kLogName);
    // The numbered checkpoint is the first one with that count, kept.
    CHECK(read_file(dir + "/checkpoints/" + std::to_string(kLogSegment + 2) + ".json") ==
          read_file(dir + "/checkpoint.json"));
    CHECK(read_file(dir + "/checkpoints/0.json"));

    // At closing, a checkpoint of the same count that says so; the numbered file stays the first.
    std::string numbered = *read_file(dir + "/checkpoints/" + std::to_string(kLogSegment + 2) + ".json");
    {
        Transaction tx(t.db, Transaction::write);
        close_window(t.db, t.clock.now());
        tx.commit();
    }
    t.clock.advance(1000);
    CHECK(publish_log(t.db, dir, t.program.id, key, t.random, t.clock.now()));
    CHECK(read_published(dir)->window == "closed");
    CHECK(*read_file(dir + "/checkpoints/" + std::to_string(kLogSegment + 2) + ".json") == numbered);
    CHECK(!publish_log(t.db, dir, t.program.id, key, t.random, t.clock.now()));
}

TEST_CASE("a_damaged_checkpoint_file_is_published_again_in_full") {
    ClaimDb t;
    t.open_window(3);
    std::string dir = t.dir + "/log";
    prepare_log_dir(dir);
    EcKey key;
    EcKey::generate(key, t.random);
    claim_all(t, 2);
    write_file_atomically(dir + "/checkpoint.json", "{not json");
    CHECK(!read_published(dir));
    CHECK(publish_log(t.db, dir, t.program.id, key, t.random, t.clock.now()));
    CHECK(read_published(dir)->count == 2);
    CHECK(lines_of(*read_file(dir + "/entries/000001.jsonl")).size() == 2);
}

TEST_CASE("a_clock_stepped_back_never_gives_a_later_rank_an_earlier_arrival") {
    ClaimDb t;
    t.schedule_window(5, t.clock.now() - 60000);
    auto seeded = seed::seed_candidates(t.db, t.program, 2, t.random);
    ClaimOutcome first = claim_place(t.db, t.program, t.identity_key, seeded[0].account_id, "c1", t.clock.now());
    t.clock.advance(-2000);  // NTP steps the server's clock back
    ClaimOutcome second = claim_place(t.db, t.program, t.identity_key, seeded[1].account_id, "c2", t.clock.now());
    CHECK(field(second.receipt, "received_at") == field(first.receipt, "received_at"));
    std::vector<LogEntry> entries = log_entries(t.db, 1, 2);
    REQUIRE(entries.size() == 2);
    CHECK(field(entries[1].text, "received_at") == field(entries[0].text, "received_at"));
}
