-- The public log of claims (docs/claims.md, "The public log of claims";
-- domain/claim_log.h): a hash chain, one entry per claim, appended in the
-- claim's own write transaction, so idx follows the order of commit (idx is
-- the arrival rank). entry is the exact text that is hashed and published;
-- hash its hex SHA-256, the next entry's "prev".
--
-- Claims recorded before this migration get their entries when the next claim
-- is appended (the claim pool fills the gap first, in rank order), so the log
-- always holds every claim; their receipts, signed before, name no entry.
CREATE TABLE claim_log (
    idx       INTEGER PRIMARY KEY CHECK (idx >= 1),
    -- checked at commit: the entry is written before its claim, whose receipt names it
    claim_id  TEXT    NOT NULL UNIQUE REFERENCES claims(claim_id) DEFERRABLE INITIALLY DEFERRED,
    entry     TEXT    NOT NULL,
    hash      TEXT    NOT NULL CHECK (length(hash) = 64)
);
