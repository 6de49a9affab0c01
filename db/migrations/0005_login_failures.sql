-- Failed logins for addresses that have no account. An unknown address is
-- throttled, and costs a write, exactly like a known one, so neither a 429
-- nor the answer time tells whether an account exists. Only the SHA-256 of
-- the normalised address is kept, and rows a day old are dropped.
CREATE TABLE login_failures (
    email_hash      BLOB    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failed_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX login_failures_by_time ON login_failures(last_failed_at);
