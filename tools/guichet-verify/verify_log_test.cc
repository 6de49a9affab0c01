// guichet-verify log: an honest log checks out whole, with a receipt and an
// older checkpoint; a checkpoint, a receipt or a history that was changed
// after it was signed does not, and says which check failed.
#include <doctest/doctest.h>

#include "tests/unit/log_fixture.h"
#include "tools/guichet-verify/verify_log.h"

using namespace guichet;
using namespace guichet::verify;
using guichet::test::TestLog;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("an_honest_log_verifies_with_a_receipt_an_older_checkpoint_and_every_kept_checkpoint") {
    TestLog log(2500);  // three segments, the last one half full
    log.publish({1, 999, 1000, 1001, 2000});
    std::string older = log.checkpoint(1200);
    LogCheck check = check_log(log, log.public_pem, {log.receipt(1500), older});
    CHECK_MESSAGE(check.verdict == Verdict::valid, check.problem);
    CHECK(has(check.report, "checkpoint: 2500 entries"));
    CHECK(has(check.report, "checkpoints/: 5 files"));
    CHECK(has(check.report, "entry 1500 of 2500 is your claim " + TestLog::claim_id(1500)));
    CHECK(has(check.report, "your older checkpoint (1200 entries"));
    CHECK(has(check.report, "chain: entries 1…2500"));
}

TEST_CASE("an_empty_log_verifies") {
    TestLog log;
    log.publish();
    LogCheck check = check_log(log, log.public_pem);
    CHECK_MESSAGE(check.verdict == Verdict::valid, check.problem);
    CHECK(has(check.report, "checkpoint: 0 entries"));
}

TEST_CASE("entries_published_ahead_of_the_checkpoint_are_counted_not_judged") {
    TestLog log(12);
    log.publish();
    log.append(3);
    log.write_segments();
    log.files["entries/000001.jsonl"] += "{\"index\":16";  // being written
    LogCheck check = check_log(log, log.public_pem);
    CHECK_MESSAGE(check.verdict == Verdict::valid, check.problem);
    CHECK(has(check.report, "3 more entries, not covered by it yet"));
}

TEST_CASE("a_checkpoint_whose_count_or_head_was_changed_fails_its_signature") {
    TestLog log(20);
    log.publish();
    std::string honest = log.files["checkpoint.json"];
    for (auto [from, to] : {std::pair{"\\\"count\\\":20", "\\\"count\\\":19"},
                            std::pair{"\\\"head\\\":\\\"", "\\\"head\\\":\\\"0"}}) {
        std::string forged = honest;
        REQUIRE(forged.find(from) != std::string::npos);
        forged.replace(forged.find(from), std::string(from).size(), to);
        log.files["checkpoint.json"] = forged;
        LogCheck check = check_log(log, log.public_pem);
        CHECK(check.verdict == Verdict::invalid);
        CHECK(check.problem == "checkpoint.json: its signature does not match its text and the key");
    }
}

TEST_CASE("a_checkpoint_signed_with_another_key_is_invalid") {
    TestLog log(5), other(5);
    log.publish();
    other.publish();
    log.files["checkpoint.json"] = other.files["checkpoint.json"];
    CHECK(check_log(log, log.public_pem).verdict == Verdict::invalid);
}

TEST_CASE("a_log_without_checkpoint_json_or_with_a_bad_key_is_unreadable") {
    TestLog log(5);
    log.publish();
    CHECK(check_log(log, "not a key").verdict == Verdict::unreadable);
    log.files.erase("checkpoint.json");
    CHECK(check_log(log, log.public_pem).problem == "cannot read checkpoint.json");
}

TEST_CASE("a_receipt_whose_claim_id_differs_from_its_entry_is_invalid") {
    TestLog log(30);
    log.publish();
    LogCheck check = check_log(log, log.public_pem, {log.receipt(17, std::string(32, 'e')), std::nullopt});
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entry 17 is claim " + TestLog::claim_id(17) + ", your receipt's is " + std::string(32, 'e'));
}

TEST_CASE("a_receipt_changed_after_signing_is_invalid_before_the_log_is_read") {
    TestLog log(30);
    log.publish();
    std::string receipt = log.receipt(17);
    receipt.replace(receipt.find("granted"), 7, "grantee");
    LogCheck check = check_log(log, log.public_pem, {receipt, std::nullopt});
    CHECK(check.verdict == Verdict::invalid);
    CHECK(has(check.problem, "your receipt: the signature does not match"));
}

TEST_CASE("a_receipt_without_its_log_entry_or_beyond_the_checkpoint_is_not_included") {
    TestLog log(30);
    log.publish();
    std::string bare = log.signed_file("receipt", R"({"claim_id":"c","rank":3})");
    CHECK(check_log(log, log.public_pem, {bare, std::nullopt}).problem ==
          "your receipt has no log_index and log_hash (its entry in the log)");
    log.append(1);
    std::string late = log.receipt(31);
    LogCheck check = check_log(log, log.public_pem, {late, std::nullopt});
    CHECK(check.verdict == Verdict::invalid);
    CHECK(has(check.problem, "your receipt's entry 31 is not covered yet: the checkpoint counts 30 entries"));
}

TEST_CASE("a_rewritten_history_is_inconsistent_with_an_older_checkpoint") {
    TestLog log(40);
    std::string older = log.checkpoint(25);
    log.lines[9] = TestLog::entry_text(10, log.hash(9)).replace(13, 1, "f");  // another claim at rank 10
    log.rechain(11);
    log.publish();  // a new checkpoint, honestly signed over the rewritten chain
    LogCheck check = check_log(log, log.public_pem, {std::nullopt, older});
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entry 25 does not hash to the head of your older checkpoint (count 25): "
                           "the log up to it is not the one it signed");
}

TEST_CASE("a_rewritten_history_is_inconsistent_with_a_kept_checkpoint_file") {
    TestLog log(40);
    std::string kept = log.checkpoint(25);
    log.lines[9] = TestLog::entry_text(10, log.hash(9)).replace(13, 1, "f");
    log.rechain(11);
    log.publish();
    log.files["checkpoints/25.json"] = kept;
    LogCheck check = check_log(log, log.public_pem);
    CHECK(check.verdict == Verdict::invalid);
    CHECK(has(check.problem, "entry 25 does not hash to the head of checkpoints/25.json"));
}

TEST_CASE("an_older_checkpoint_with_more_entries_than_the_latest_means_the_log_shrank") {
    TestLog log(40);
    std::string older = log.checkpoint(40);
    log.lines.resize(30);
    log.publish();
    LogCheck check = check_log(log, log.public_pem, {std::nullopt, older});
    CHECK(check.verdict == Verdict::invalid);
    CHECK(has(check.problem, "your older checkpoint counts 40 entries, the latest only 30"));
}

TEST_CASE("a_kept_checkpoint_file_named_for_another_count_is_invalid") {
    TestLog log(40);
    log.publish();
    log.files["checkpoints/12.json"] = log.checkpoint(13);
    log.files["checkpoints/README"] = "not a checkpoint: ignored";
    LogCheck check = check_log(log, log.public_pem);
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "checkpoints/12.json holds a checkpoint of 13 entries");
}

TEST_CASE("a_receipt_waiting_for_the_draw_is_matched_by_its_arrival_rank") {
    TestLog log(30);
    log.publish();
    auto lottery = [&](const char* arrival) {
        std::string text = R"({"arrival_rank":)" + std::string(arrival) + R"(,"claim_id":")" + TestLog::claim_id(9) +
                           R"(","dossier_sha256":")" + hex_encode(std::string(32, char(9))) + R"(","log_hash":")" +
                           log.hash(9) + R"(","log_index":9,"outcome":"pending_draw","rank":null,"received_at":")" +
                           TestLog::received_at(9) + R"("})";
        return check_log(log, log.public_pem, {log.signed_file("receipt", text), std::nullopt});
    };
    CHECK_MESSAGE(lottery("9").verdict == Verdict::valid, lottery("9").problem);
    CHECK(lottery("8").problem == "entry 9 has arrival rank 9, your receipt 8");
    CHECK(lottery("null").problem == "your receipt has no arrival rank (arrival_rank, else rank)");
}
