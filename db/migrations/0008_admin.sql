-- Administrators, their sessions, and the append-only audit log.
CREATE TABLE admins (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    password_hash   TEXT    NOT NULL,         -- "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>"
    totp_secret     BLOB    NOT NULL,         -- raw 20 bytes (RFC 6238, HMAC-SHA1)
    last_totp_step  INTEGER NOT NULL DEFAULT 0,  -- a code is accepted once: steps <= this are refused
    created_at      INTEGER NOT NULL
);

-- Found by the SHA-256 of the cookie token (guichet_admin); the token itself is never stored.
CREATE TABLE admin_sessions (
    token_hash      BLOB    PRIMARY KEY,
    admin_id        INTEGER NOT NULL REFERENCES admins(id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,         -- absolute end (8 hours)
    last_seen_at    INTEGER NOT NULL,         -- idle end: last_seen_at + 30 minutes
    revoked_at      INTEGER
) WITHOUT ROWID;
CREATE INDEX admin_sessions_by_admin ON admin_sessions(admin_id);

-- Every administrative action, by the console or the command line. Rows are
-- only ever added: the triggers refuse any change or removal.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,             -- ms since the epoch
    who         TEXT    NOT NULL,             -- admin name, or "cli:<unix user>"
    action      TEXT    NOT NULL,             -- login, banner_set, window_pause, export_claims_csv, ...
    before      TEXT,                         -- JSON, or NULL
    after       TEXT,                         -- JSON, or NULL
    from_addr   TEXT    NOT NULL              -- client address, or "local" for the command line
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
