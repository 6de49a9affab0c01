-- Failed logins, counted where they come from: per subject and client, and
-- per client alone (domain/login_throttle.h). A subject is the SHA-256 of
-- what was tried ("candidate:" + the normalised address, known or not, or
-- "admin:" + the name), so a 429 tells nothing about whether an account
-- exists; an empty subject is the client's total over every subject. A client
-- is an IPv4 address or an IPv6 /64. Rows a day old are dropped.
-- accounts.failed_logins and accounts.last_failed_at are no longer used.
CREATE TABLE login_attempts (
    subject         BLOB    NOT NULL,
    client          TEXT    NOT NULL,
    failures        INTEGER NOT NULL,
    last_failed_at  INTEGER NOT NULL,
    PRIMARY KEY (subject, client)
) WITHOUT ROWID;
CREATE INDEX login_attempts_by_time ON login_attempts(last_failed_at);
DROP TABLE login_failures;
