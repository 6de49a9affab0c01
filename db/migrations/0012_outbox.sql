-- The mail outbox (domain/outbox.h): a message is a row written in the same
-- transaction as the change that causes it (a claim, a signup, a reset), so a
-- crash never loses one; the mailer pool (handlers/mailer/) delivers it and
-- marks it sent. The message itself is rendered by the mailer from `kind`,
-- the account and `ref` (for claim_receipt: the claim's rank), always to the
-- same bytes, so a retry sends the same Message-ID (<kind.id.created_at@...>).
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,            -- claim_receipt, ...
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    ref             INTEGER NOT NULL DEFAULT 0,  -- what the kind is about (claim_receipt: the rank)
    created_at      INTEGER NOT NULL,            -- ms since the epoch: the message's Date
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,            -- not before (back-off after a failure)
    lease_until     INTEGER,                     -- a mailer is delivering it until then
    sent_at         INTEGER,
    last_error      TEXT,
    UNIQUE (kind, account_id, ref)               -- one message per cause, however often it is retried
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL;
