-- One place per person (docs/claims.md, "One place per person"; domain/identity.h).
--
-- A claim holds its holder's identity: HMAC-SHA256, under the claim pool's
-- key (keys/identity.key), of the passport's issuing country and number in
-- their one written form. The number itself is only in the dossier. At most
-- one claim per identity, which the claim transaction checks under the lock
-- and this index makes the database refuse whatever the code does.
--
-- Claims recorded before this migration have no identity (NULL, which a
-- UNIQUE index in SQLite lets any number of rows hold): their hash cannot be
-- computed in SQL, and no tool reads the key but the claim pool. Migrate
-- before the window opens.
ALTER TABLE claims ADD COLUMN identity_hash BLOB CHECK (identity_hash IS NULL OR length(identity_hash) = 32);
CREATE UNIQUE INDEX claims_by_identity ON claims(identity_hash);

-- Claims refused with 409 duplicate_identity, for administrators (GET
-- /api/admin/duplicates, guichet-admin duplicates). One row per account and
-- identity: a repeated attempt counts in `attempts` and moves `last_at`, so a
-- script that keeps trying cannot grow the table. Such an attempt gets no
-- rank (ranks stay 1..N with no gap).
CREATE TABLE identity_duplicates (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    identity_hash   BLOB    NOT NULL CHECK (length(identity_hash) = 32),
    claim_id        TEXT    NOT NULL REFERENCES claims(claim_id),  -- the claim that holds the identity
    attempted_at    INTEGER NOT NULL,   -- the first refused attempt's arrival, ms, read under the claim lock
    last_at         INTEGER NOT NULL,   -- the latest one's
    attempts        INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    UNIQUE (account_id, identity_hash)
);
CREATE INDEX identity_duplicates_by_time ON identity_duplicates(attempted_at);
