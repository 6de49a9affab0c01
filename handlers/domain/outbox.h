// The mail outbox (db/migrations/0012_outbox.sql). A change that causes a
// message calls enqueue_message() inside its own write transaction: the
// message exists exactly when the change does. The mailer pool takes due
// messages (take_due, which leases them so that a second mailer would not
// send the same one at the same time), delivers them, and records the result.
// Delivery is at least once: a mailer that dies after the mail server said
// yes and before mark_sent sends the message again after the lease, with the
// same Message-ID (message_id), which lets the receiving side drop the copy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"

namespace guichet {

struct OutboxMessage {
    int64_t id = 0;
    std::string kind;
    int64_t account_id = 0;
    int64_t ref = 0;
    int64_t created_at = 0;
    int attempts = 0;
};

// How long a taken message stays leased to its mailer by default: a mailer
// killed mid-batch delays the rest of its batch by this much.
inline constexpr int64_t kOutboxLeaseMs = 60 * 1000;

// Who goes first in a queue: 0 for a link someone waits for (verify_email,
// account_exists, password_reset, change_email) and for a place offered from
// the waiting list (promotion: its deadline runs), 2 for window_notice, 1 else.
int outbox_priority(const std::string& kind);

// Adds a message, inside the caller's write transaction; a second call for
// the same (kind, account, ref) adds nothing (one message per cause).
void enqueue_message(Db& db, const std::string& kind, int64_t account_id, int64_t ref, int64_t now);

// One message of `kind` to every account whose address is verified (the
// window's notices), inside the caller's write transaction.
int64_t enqueue_for_verified_accounts(Db& db, const std::string& kind, int64_t ref, int64_t now);

// Whether any message is due: a read, so an idle mailer never takes the write lock.
bool has_due(Db& db, int64_t now);

// At most `limit` unsent messages whose time has come, by priority then
// oldest first, leased
// until now + lease_ms. Opens its own write transaction.
// With max_priority, only messages of that priority or more urgent (0: the
// links someone waits for, while the mailer stands aside for a burst of claims).
std::vector<OutboxMessage> take_due(Db& db, int64_t now, int limit, int64_t lease_ms = kOutboxLeaseMs,
                                    int max_priority = 2);

// The result of one delivery attempt, each in its own write transaction.
void mark_sent(Db& db, int64_t id, int64_t now);
// The same for several, in one write transaction (a batch: one lock, one commit).
void mark_all_sent(Db& db, const std::vector<int64_t>& ids, int64_t now);
void mark_failed(Db& db, const OutboxMessage& message, int64_t now, const std::string& error,
                 int64_t first_delay_ms = 30 * 1000);

// The wait after `failures` failed attempts: first_delay_ms, doubling, at most an hour.
int64_t outbox_retry_delay_ms(int failures, int64_t first_delay_ms = 30 * 1000);

// <kind.id.created_at@domain>: the same for every attempt at one message.
std::string message_id(const OutboxMessage& message, const std::string& domain);

struct OutboxStats {
    int64_t queued = 0;             // not yet sent
    int64_t oldest_created_at = 0;  // of those, the oldest (0 when none)
    int64_t failing = 0;            // queued with at least one failed attempt
};
OutboxStats outbox_stats(Db& db);

}  // namespace guichet
