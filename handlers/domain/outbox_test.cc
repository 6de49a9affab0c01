// The outbox on a real migrated database: one message per cause, leases,
// back-off, and what the mailer reports.
#include <doctest/doctest.h>

#include "domain/outbox.h"
#include "tests/unit/fixtures.h"

using namespace guichet;

namespace {

struct OutboxDb {
    test::TempDir dir{"outbox"};
    std::unique_ptr<Db> db = std::make_unique<Db>(test::migrated_db(dir.path));
    OutboxDb() {
        db->exec("INSERT INTO accounts (id, email, name, lang, password_hash, created_at) VALUES "
                 "(1, 'a@example.org', 'A', 'fr', 'x', 0), (2, 'b@example.org', 'B', 'en', 'x', 0)");
    }
    void enqueue(const char* kind, int64_t account, int64_t ref, int64_t now) {
        Transaction tx(*db, Transaction::write);
        enqueue_message(*db, kind, account, ref, now);
        tx.commit();
    }
};

}  // namespace

TEST_CASE("one_message_per_cause_however_often_it_is_enqueued") {
    OutboxDb o;
    o.enqueue("claim_receipt", 1, 7, 1000);
    o.enqueue("claim_receipt", 1, 7, 2000);
    o.enqueue("claim_receipt", 2, 8, 3000);
    CHECK(outbox_stats(*o.db).queued == 2);
    CHECK(outbox_stats(*o.db).oldest_created_at == 1000);
}

TEST_CASE("a_taken_message_is_leased_and_not_taken_again_until_the_lease_ends") {
    OutboxDb o;
    o.enqueue("claim_receipt", 1, 7, 1000);
    REQUIRE(take_due(*o.db, 1000, 10).size() == 1);
    CHECK(take_due(*o.db, 2000, 10).empty());
    CHECK(take_due(*o.db, 1000 + kOutboxLeaseMs, 10).size() == 1);  // the mailer died: another takes it
}

TEST_CASE("a_sent_message_is_never_taken_again") {
    OutboxDb o;
    o.enqueue("claim_receipt", 1, 7, 1000);
    std::vector<OutboxMessage> due = take_due(*o.db, 1000, 10);
    REQUIRE(due.size() == 1);
    mark_sent(*o.db, due[0].id, 1500);
    CHECK(take_due(*o.db, 1000 + 10 * kOutboxLeaseMs, 10).empty());
    CHECK(outbox_stats(*o.db).queued == 0);
}

TEST_CASE("a_failed_message_waits_its_back_off_then_comes_back_with_its_count") {
    OutboxDb o;
    o.enqueue("claim_receipt", 1, 7, 1000);
    std::vector<OutboxMessage> due = take_due(*o.db, 1000, 10);
    REQUIRE(due.size() == 1);
    mark_failed(*o.db, due[0], 1000, "connection refused", 30000);
    CHECK(outbox_stats(*o.db).failing == 1);
    CHECK(take_due(*o.db, 30999, 10).empty());
    due = take_due(*o.db, 31000, 10);
    REQUIRE(due.size() == 1);
    CHECK(due[0].attempts == 1);
    mark_failed(*o.db, due[0], 31000, "connection refused", 30000);
    CHECK(take_due(*o.db, 31000 + 59999, 10).empty());  // the second wait is twice the first
    CHECK(take_due(*o.db, 31000 + 60000, 10).size() == 1);
}

TEST_CASE("the_back_off_doubles_up_to_an_hour") {
    CHECK(outbox_retry_delay_ms(1) == 30000);
    CHECK(outbox_retry_delay_ms(2) == 60000);
    CHECK(outbox_retry_delay_ms(5) == 480000);
    CHECK(outbox_retry_delay_ms(40) == 3600000);
    CHECK(outbox_retry_delay_ms(3, 100) == 400);
}

TEST_CASE("due_messages_come_oldest_first_and_at_most_the_limit") {
    OutboxDb o;
    o.enqueue("claim_receipt", 2, 8, 2000);
    o.enqueue("claim_receipt", 1, 7, 1000);
    std::vector<OutboxMessage> due = take_due(*o.db, 5000, 1);
    REQUIRE(due.size() == 1);
    CHECK(due[0].account_id == 1);
    CHECK(due[0].ref == 7);
}

TEST_CASE("the_message_id_is_the_same_for_every_attempt") {
    OutboxMessage message;
    message.id = 12;
    message.kind = "claim_receipt";
    message.created_at = 1796300000000;
    CHECK(message_id(message, "example.org") == "<claim_receipt.12.1796300000000@example.org>");
    message.attempts = 3;
    CHECK(message_id(message, "example.org") == "<claim_receipt.12.1796300000000@example.org>");
}

TEST_CASE("a_link_someone_waits_for_goes_before_queued_confirmations_and_notices") {
    OutboxDb o;
    o.enqueue("window_notice", 1, 5, 500);
    for (int rank = 1; rank <= 30; ++rank) o.enqueue("claim_receipt", 2, rank, 1000 + rank);
    o.enqueue("password_reset", 1, 9, 5000);  // asked for after the burst
    std::vector<OutboxMessage> first = take_due(*o.db, 6000, 20);
    REQUIRE(first.size() == 20);
    CHECK(first[0].kind == "password_reset");
    CHECK(first[1].kind == "claim_receipt");
    CHECK(first[1].ref == 1);
    std::vector<OutboxMessage> rest = take_due(*o.db, 6000, 20);
    REQUIRE(rest.size() == 12);
    CHECK(rest.back().kind == "window_notice");
}

TEST_CASE("with_a_priority_bound_only_the_links_are_taken_and_a_batch_is_marked_sent_at_once") {
    OutboxDb o;
    o.enqueue("claim_receipt", 2, 1, 1000);
    o.enqueue("verify_email", 1, 3, 1100);
    std::vector<OutboxMessage> links = take_due(*o.db, 2000, 10, kOutboxLeaseMs, 0);
    REQUIRE(links.size() == 1);
    CHECK(links[0].kind == "verify_email");
    std::vector<OutboxMessage> rest = take_due(*o.db, 2000, 10);
    REQUIRE(rest.size() == 1);
    mark_all_sent(*o.db, {links[0].id, rest[0].id}, 2500);
    CHECK(outbox_stats(*o.db).queued == 0);
    CHECK(take_due(*o.db, 2000 + 10 * kOutboxLeaseMs, 10).empty());
}
