// guichet-verify draw: a record that checks out, and each way one does not.
#include <doctest/doctest.h>

#include "base/encoding.h"
#include "base/json.h"
#include "domain/lottery.h"
#include "tools/guichet-verify/verify_draw.h"

using namespace guichet;
using namespace guichet::verify;

namespace {

const std::string kSeed(32, '\x2a');
const std::vector<std::string> kIds = {"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210",
                                       "00000000000000000000000000000001", "11111111111111111111111111111111"};

std::string record(const std::string& seed, const std::vector<std::string>& ids, const std::vector<std::string>& ranking,
                   const std::string& commitment = "") {
    Json out(json_object());
    json_object_set_new(out.get(), "seed", json_str(hex_encode(seed)));
    json_object_set_new(out.get(), "seed_commitment", json_str(commitment.empty() ? seed_commitment(kSeed) : commitment));
    json_object_set_new(out.get(), "places_total", json_integer(2));
    json_t* a = json_array();
    for (const auto& id : ids) json_array_append_new(a, json_str(id));
    json_object_set_new(out.get(), "claim_ids", a);
    json_t* r = json_array();
    for (const auto& id : ranking) json_array_append_new(r, json_str(id));
    json_object_set_new(out.get(), "ranking", r);
    return json_dump(out.get());
}

}  // namespace

TEST_CASE("verify_draw_accepts_an_honest_record_and_reports_a_claims_rank") {
    auto ranking = lottery_ranking(kSeed, kIds);
    DrawCheck check = check_draw(record(kSeed, kIds, ranking), {std::nullopt, ranking[2]});
    CHECK(check.verdict == Verdict::valid);
    CHECK(check.report.find("rank 3, waitlisted") != std::string::npos);
}

TEST_CASE("verify_draw_rejects_a_seed_that_does_not_match_the_commitment") {
    std::string other(32, '\x2b');
    DrawCheck check = check_draw(record(other, kIds, lottery_ranking(other, kIds)));
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem.find("commitment") != std::string::npos);
}

TEST_CASE("verify_draw_rejects_a_ranking_with_a_dropped_claim_id") {
    auto ranking = lottery_ranking(kSeed, kIds);
    std::vector<std::string> fewer(kIds.begin() + 1, kIds.end());
    CHECK(check_draw(record(kSeed, fewer, ranking)).verdict == Verdict::invalid);
}

TEST_CASE("verify_draw_rejects_a_reordered_ranking") {
    auto ranking = lottery_ranking(kSeed, kIds);
    std::swap(ranking[0], ranking[1]);
    DrawCheck check = check_draw(record(kSeed, kIds, ranking));
    CHECK(check.verdict == Verdict::invalid);
    CHECK(check.problem.find("rank 1") != std::string::npos);
}

TEST_CASE("verify_draw_rejects_an_unexpected_commitment_and_a_claim_not_in_the_draw") {
    auto ranking = lottery_ranking(kSeed, kIds);
    CHECK(check_draw(record(kSeed, kIds, ranking), {std::string(64, 'a'), std::nullopt}).verdict == Verdict::invalid);
    CHECK(check_draw(record(kSeed, kIds, ranking), {std::nullopt, std::string(32, 'e')}).verdict == Verdict::invalid);
}

TEST_CASE("verify_draw_calls_hostile_input_unreadable_never_valid") {
    for (const char* text : {"", "[]", "{\"seed\":1}", "{\"seed\":\"x\",\"seed\":\"y\"}", "not json",
                             "{\"seed\":\"\",\"seed_commitment\":\"\",\"places_total\":1,\"claim_ids\":[1],\"ranking\":[]}"}) {
        CHECK(check_draw(text).verdict == Verdict::unreadable);
    }
    CHECK(check_draw(record(std::string(31, 'x'), kIds, kIds)).verdict == Verdict::invalid);
}
