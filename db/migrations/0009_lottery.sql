-- The lottery's secret seed, apart from intake_window so that no public view
-- (GET /api/window reads intake_window) can ever show it by mistake. Only its
-- SHA-256 is published (intake_window.seed_commitment) until the draw copies
-- it, in hex, into intake_window.seed. A table rather than a file: it is
-- written in the same transaction as the commitment it must match, survives
-- restarts, and is in every backup (guichet-admin backup copies the database).
CREATE TABLE lottery_seed (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    seed        BLOB    NOT NULL CHECK (length(seed) = 32),  -- 256 bits from CTR_DRBG
    created_at  INTEGER NOT NULL
);

-- The receipt a candidate held before the draw, kept when the draw replaces
-- claims.receipt with the final one (both stay verifiable: signatures are
-- deterministic, so the server can sign the old text again if asked).
ALTER TABLE claims ADD COLUMN receipt_before_draw TEXT;
