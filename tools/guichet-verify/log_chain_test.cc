// The public log's chain, tampered with after its checkpoint was signed: each
// way of changing, dropping, moving or cutting an entry is caught, named by
// entry; hostile bytes are invalid or unreadable, never valid, never a crash.
#include <doctest/doctest.h>

#include "tests/unit/log_fixture.h"
#include "tools/guichet-verify/verify_log.h"

using namespace guichet;
using namespace guichet::verify;
using guichet::test::TestLog;

namespace {

// A signed log of `count` entries whose entries are then changed by `tamper`.
template <typename Tamper>
LogCheck tampered(int count, Tamper tamper, std::optional<int64_t> receipt = std::nullopt) {
    TestLog log(count);
    log.publish();
    std::string answer = receipt ? log.receipt(*receipt) : "";
    tamper(log);
    log.write_segments();
    return check_log(log, log.public_pem, {receipt ? std::optional<std::string>(answer) : std::nullopt, std::nullopt});
}

// One character of entry `index`'s claim_id, another hex digit.
void forge(TestLog& log, int64_t index) {
    std::string& line = log.lines[index - 1];
    line[13] = line[13] == '0' ? '1' : '0';
}

}  // namespace

TEST_CASE("a_forged_entry_breaks_the_link_to_the_entry_after_it") {
    LogCheck check = tampered(30, [](TestLog& log) { forge(log, 12); });
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entry 13's prev is not the hash of entry 12: entry 12 or entry 13 was changed "
                           "(line 13 of entries/000001.jsonl)");
}

TEST_CASE("a_forged_entry_that_is_the_receipts_own_fails_its_log_hash") {
    LogCheck check = tampered(30, [](TestLog& log) { forge(log, 12); }, 12);
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entry 12 was changed: it does not hash to your receipt's log_hash");
}

TEST_CASE("a_forged_last_entry_does_not_hash_to_the_signed_head") {
    LogCheck check = tampered(30, [](TestLog& log) { forge(log, 30); });
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entry 30 does not hash to the head of the signed checkpoint (checkpoint.json) "
                           "(count 30): the log up to it is not the one it signed");
}

TEST_CASE("a_forged_entry_rechained_to_the_end_still_misses_the_signed_head") {
    LogCheck check = tampered(30, [](TestLog& log) {
        forge(log, 12);
        log.rechain(13);
    });
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem.rfind("entry 30 does not hash to the head of the signed checkpoint", 0) == 0);
}

TEST_CASE("a_dropped_entry_is_missing_between_its_neighbours") {
    LogCheck check = tampered(30, [](TestLog& log) { log.lines.erase(log.lines.begin() + 11); });
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entry 12 is missing: entry 13 follows entry 11 (line 12 of entries/000001.jsonl)");
}

TEST_CASE("a_dropped_first_entry_is_missing_at_the_start") {
    LogCheck check = tampered(30, [](TestLog& log) { log.lines.erase(log.lines.begin()); });
    CHECK(check.problem == "entry 1 is missing: entry 2 follows the start of the log (line 1 of entries/000001.jsonl)");
}

TEST_CASE("two_swapped_entries_are_out_of_order") {
    LogCheck check = tampered(30, [](TestLog& log) { std::swap(log.lines[11], log.lines[12]); });
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entries out of order: entry 13 comes before entry 12 (line 12 of entries/000001.jsonl)");
}

TEST_CASE("a_repeated_entry_appears_again") {
    LogCheck check = tampered(30, [](TestLog& log) { log.lines.insert(log.lines.begin() + 5, log.lines[4]); });
    CHECK(check.problem == "entry 5 appears again after entry 5 (line 6 of entries/000001.jsonl)");
}

TEST_CASE("a_changed_prev_breaks_the_chain_at_that_entry") {
    LogCheck check = tampered(30, [](TestLog& log) {
        std::string& line = log.lines[12];
        size_t at = line.find("\"prev\":\"") + 8;
        line[at] = line[at] == 'a' ? 'b' : 'a';
    });
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem.rfind("entry 13's prev is not the hash of entry 12", 0) == 0);
}

TEST_CASE("a_segment_cut_in_the_middle_of_an_entry_or_after_one_is_caught") {
    TestLog log(30);
    log.publish();
    std::string& segment = log.files["entries/000001.jsonl"];
    std::string whole = segment;
    segment.resize(segment.size() - 20);
    CHECK(check_log(log, log.public_pem).problem == "entry 30 is cut short: entries/000001.jsonl ends in the middle of it");
    segment = whole.substr(0, whole.size() - log.lines[29].size() - 1);
    CHECK(check_log(log, log.public_pem).problem == "entry 30 is missing: entries/000001.jsonl ends after entry 29");
}

TEST_CASE("a_full_segment_that_lost_its_last_line_is_caught_at_the_segment_boundary") {
    TestLog log(1005);
    log.publish();
    std::string& segment = log.files["entries/000001.jsonl"];
    segment.resize(segment.size() - log.lines[999].size() - 1);
    LogCheck check = check_log(log, log.public_pem);
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem == "entry 1000 is missing: entries/000001.jsonl ends after entry 999");
}

TEST_CASE("a_missing_segment_file_is_unreadable_not_a_verdict_on_the_log") {
    TestLog log(1500);
    log.publish();
    log.files.erase("entries/000002.jsonl");
    LogCheck check = check_log(log, log.public_pem);
    CHECK(check.verdict == Verdict::unreadable);
    CHECK(check.problem == "cannot read entries/000002.jsonl, which holds entry 1001");
}

TEST_CASE("an_entry_with_another_rank_or_an_earlier_time_fails_even_when_signed") {
    TestLog log(10);
    log.lines[4] = TestLog::entry_text(5, log.hash(4), 7);
    log.rechain(6);
    log.publish();
    CHECK(check_log(log, log.public_pem).problem ==
          "entry 5 has rank 7: an entry's arrival rank is its index (line 5 of entries/000001.jsonl)");
    TestLog late(10);
    std::string& line = late.lines[5];
    line.replace(line.find("13:30:00.006Z"), 13, "13:29:59.000Z");
    late.rechain(7);
    late.publish();
    CHECK(check_log(late, late.public_pem).problem.rfind("entry 6 was received at 2026-02-16T13:29:59.000Z, before entry 5", 0) == 0);
}

TEST_CASE("hostile_lines_are_invalid_never_valid") {
    for (const std::string& bad : std::vector<std::string>{"garbage", "", "{}", "[1,2]", "{\"index\":1,\"index\":1}", "\xff\xfe{\"index\":1}",
                            "{\"claim_id\":\"c\",\"dossier_sha256\":\"d\",\"index\":99999999999999999999999,\"prev\":\"0\","
                            "\"rank\":1,\"received_at\":\"x\"}",
                            std::string("{\"index\":1\0}", 13)}) {
        LogCheck check = tampered(3, [&](TestLog& log) { log.lines[1] = bad; });
        CHECK(check.verdict == Verdict::invalid);
        CHECK(check.problem.rfind("entry 2 cannot be read: ", 0) == 0);
    }
}

TEST_CASE("hostile_checkpoints_are_unreadable_or_invalid_never_valid") {
    TestLog log(3);
    log.publish();
    for (const std::string& bad : std::vector<std::string>{"", "null", "{\"checkpoint\":1,\"signature\":\"x\"}", "{\"checkpoint\":\"x\"}",
                            "{\"checkpoint\":\"x\",\"signature\":\"not base64!\"}", "\xc3\x28"}) {
        log.files["checkpoint.json"] = bad;
        CHECK(check_log(log, log.public_pem).verdict != Verdict::valid);
    }
    for (const std::string& text : std::vector<std::string>{"{}", "{\"log\":\"guichet-claims-1\",\"count\":-1,\"head\":\"00\"}",
                             "{\"log\":\"guichet-claims-1\",\"count\":99999999999999999999,\"head\":\"00\"}",
                             "{\"log\":\"other\",\"count\":3}"}) {
        log.files["checkpoint.json"] = log.signed_file("checkpoint", text);
        CHECK(check_log(log, log.public_pem).verdict == Verdict::invalid);
    }
    // Signed, with a count far past the entries: missing, not a hang.
    log.files["checkpoint.json"] = log.signed_file("checkpoint", TestLog::checkpoint_text(INT64_MAX, std::string(64, 'a')));
    CHECK(check_log(log, log.public_pem).problem == "entry 4 is missing: entries/000001.jsonl ends after entry 3");
}
