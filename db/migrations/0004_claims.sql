-- Claims for a place. One per candidate; rank is the order of arrival (the
-- order of commit), 1, 2, 3... with no gap. The receipt is stored exactly as
-- signed, so GET /api/claim returns the same bytes. Its signature is not
-- stored: receipts are signed with deterministic ECDSA (RFC 6979), so the
-- signature is a pure function of the receipt key and this text, computed
-- after the commit (outside the write lock) and again on every GET.
CREATE TABLE claims (
    rank            INTEGER PRIMARY KEY CHECK (rank >= 1),
    claim_id        TEXT    NOT NULL UNIQUE,     -- public, random (hex of 16 bytes)
    account_id      INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
    received_at     INTEGER NOT NULL,            -- ms since the epoch, server clock
    outcome         TEXT    NOT NULL CHECK (outcome IN ('granted', 'waitlisted', 'pending_draw')),
    draw_rank       INTEGER UNIQUE,              -- lottery: final rank after the draw
    dossier_sha256  TEXT    NOT NULL,            -- digest of the dossier's canonical form at claim time
    receipt         TEXT    NOT NULL             -- the receipt's JSON text, exactly as signed
);
