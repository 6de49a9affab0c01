-- Candidate accounts and their sessions.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL UNIQUE,  -- trimmed and lowercased before storing
    name            TEXT    NOT NULL,
    lang            TEXT    NOT NULL CHECK (lang IN ('fr', 'en')),
    password_hash   TEXT    NOT NULL,         -- "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"
    created_at      INTEGER NOT NULL,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    last_failed_at  INTEGER
);

-- A session is found by the SHA-256 of its cookie token; the token itself is never stored.
CREATE TABLE sessions (
    token_hash      BLOB    PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    last_seen_at    INTEGER NOT NULL,
    revoked_at      INTEGER
) WITHOUT ROWID;
CREATE INDEX sessions_by_account ON sessions(account_id, created_at);
