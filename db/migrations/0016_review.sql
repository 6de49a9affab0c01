-- Review and promotion (domain/review.h, domain/promotion.h; docs/admin.md,
-- docs/claims.md). Claims' own rows keep their meaning: a rejected claim keeps
-- outcome 'granted' in claims (its receipt said so) and its place is counted
-- free through reviews; intake_window.places_granted counts the claims that
-- hold a place: granted and not rejected.

-- One decision per claim, final: a second decision is either the same (a
-- no-op) or refused (409 already_reviewed).
CREATE TABLE reviews (
    claim_id    TEXT    PRIMARY KEY REFERENCES claims(claim_id),
    decision    TEXT    NOT NULL CHECK (decision IN ('accepted', 'rejected')),
    reason      TEXT    NOT NULL,
    decided_by  TEXT    NOT NULL,            -- admin name, or "cli:<unix user>"
    decided_at  INTEGER NOT NULL             -- ms since the epoch
);

-- A place offered to a waitlisted claim. freed_by is the claim that gave the
-- place up (rejected, or whose own offer expired): UNIQUE, so a freed place is
-- offered exactly once however many reviewers or sweepers act at once; and
-- claim_id is UNIQUE, so a claim is offered a place at most once (an expired
-- candidate is never offered again).
CREATE TABLE offers (
    id           INTEGER PRIMARY KEY,
    claim_id     TEXT    NOT NULL UNIQUE REFERENCES claims(claim_id),
    freed_by     TEXT    NOT NULL UNIQUE REFERENCES claims(claim_id),
    offered_at   INTEGER NOT NULL,
    confirm_by   INTEGER NOT NULL,           -- the deadline to confirm (ms)
    confirmed_at INTEGER,
    expired_at   INTEGER,
    CHECK (confirmed_at IS NULL OR expired_at IS NULL)
);
CREATE INDEX offers_open ON offers(confirm_by) WHERE confirmed_at IS NULL AND expired_at IS NULL;

-- The receipts a claim held before a promotion or an expiry replaced them,
-- with their signature when one was stored (NULL: signed deterministically
-- when shown). The draw's earlier receipt stays in claims.receipt_before_draw.
CREATE TABLE receipt_history (
    id          INTEGER PRIMARY KEY,
    claim_id    TEXT    NOT NULL REFERENCES claims(claim_id),
    receipt     TEXT    NOT NULL,
    signature   TEXT,
    replaced_at INTEGER NOT NULL,
    replaced_by TEXT    NOT NULL CHECK (replaced_by IN ('promotion', 'offer_expired'))
);
CREATE INDEX receipt_history_by_claim ON receipt_history(claim_id, id);
