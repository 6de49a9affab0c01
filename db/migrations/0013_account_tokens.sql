-- Addresses shown to be their owner's, and the single-use links that show it
-- (domain/account_tokens.h).
--
-- An account is usable once verified_at is set: by the link sent at signup, or
-- by a password reset (its link reached the same mailbox). Accounts made
-- before this migration were made when no address could be verified; they are
-- taken as verified, so that nobody who prepared a dossier is locked out.
ALTER TABLE accounts ADD COLUMN verified_at INTEGER;
UPDATE accounts SET verified_at = created_at;

-- One row per link sent. The link's token is never stored: the mailer derives
-- it from its own key (keys/mail-link.key) and the row's id and created_at,
-- and writes only its SHA-256 here before sending; a link is found by that hash.
CREATE TABLE account_tokens (
    id              INTEGER PRIMARY KEY,
    purpose         TEXT    NOT NULL CHECK (purpose IN ('verify', 'reset', 'change_email')),
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    email           TEXT    NOT NULL,   -- where the link goes (change_email: the new address)
    previous_email  TEXT,               -- change_email, once followed: the address it replaced
    token_hash      BLOB    UNIQUE,     -- NULL until the mailer has derived the token
    created_at      INTEGER NOT NULL,   -- ms since the epoch
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER             -- followed, or retired by a newer change
);
CREATE INDEX account_tokens_by_account ON account_tokens(account_id, purpose);

-- Requests that send a message on behalf of someone who is not logged in
-- (signup, password reset): per address and per client, so that neither a
-- mailbox nor the outbox can be flooded. Recorded for known and unknown
-- addresses alike, so both answers cost the same write.
CREATE TABLE mail_requests (
    subject         TEXT    NOT NULL,   -- the normalised address asked for
    client          TEXT    NOT NULL,   -- IPv4 address or IPv6 /64
    at              INTEGER NOT NULL    -- ms since the epoch
);
CREATE INDEX mail_requests_by_subject ON mail_requests(subject, at);
CREATE INDEX mail_requests_by_client ON mail_requests(client, at);
CREATE INDEX mail_requests_by_time ON mail_requests(at);

-- Which messages go first when the mailer has a queue: a link someone is
-- waiting for (0) before a confirmation (1), before a notice to everyone (2).
-- On opening day tens of thousands of confirmations are queued; a reset link
-- must not wait behind them.
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
CREATE INDEX outbox_due_by_priority ON outbox(priority, next_attempt_at) WHERE sent_at IS NULL;
