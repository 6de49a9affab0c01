// guichet-verify's words for a receipt: every member, and what "rank" means
// on a receipt that waits for the draw.
#include "tools/guichet-verify/verify_receipt.h"

#include <doctest/doctest.h>

using namespace guichet::verify;

TEST_CASE("a_receipt_is_described_member_by_member_in_name_order") {
    std::string text = describe_receipt(R"({"rank":3,"outcome":"granted","claim_id":"c1"})");
    CHECK(text == "claim_id: c1\noutcome: granted\nrank: 3\n");
}

TEST_CASE("a_receipt_waiting_for_the_draw_has_no_rank_yet_and_says_so") {
    std::string text = describe_receipt(R"({"arrival_rank":3,"rank":null,"outcome":"pending_draw","in_draw":true})");
    CHECK(text.find("rank: null\n") != std::string::npos);
    CHECK(text.find("arrival_rank: 3\n") != std::string::npos);
    CHECK(text.find("note: waiting for the draw, so there is no rank yet") != std::string::npos);
}

TEST_CASE("a_receipt_from_before_waiting_for_the_draw_says_its_rank_is_the_arrival") {
    std::string text = describe_receipt(R"({"rank":3,"outcome":"pending_draw","in_draw":true})");
    CHECK(text.find("rank: 3\n") != std::string::npos);
    CHECK(text.find("note: waiting for the draw, so rank is the order of arrival") != std::string::npos);
}

TEST_CASE("a_receipt_after_the_draw_has_both_ranks_and_no_note") {
    std::string text = describe_receipt(R"({"rank":1,"arrival_rank":4,"outcome":"waitlisted"})");
    CHECK(text == "arrival_rank: 4\noutcome: waitlisted\nrank: 1\n");
}
