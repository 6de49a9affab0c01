-- The intake window: one row, written by administrators, read by everyone.
-- Times are milliseconds since the Unix epoch, UTC.
CREATE TABLE intake_window (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    opens_at        INTEGER NOT NULL,
    closes_at       INTEGER NOT NULL CHECK (closes_at > opens_at),
    places_total    INTEGER NOT NULL CHECK (places_total >= 0),
    policy          TEXT    NOT NULL CHECK (policy IN ('fcfs', 'lottery')),
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    closed_early_at INTEGER,            -- set when an administrator closes the window
    draw_ends_at    INTEGER,            -- lottery: end of the draw period
    seed_commitment TEXT,               -- lottery: hex SHA-256 of the secret seed
    seed            TEXT,               -- lottery: hex seed, revealed after the draw
    drawn_at        INTEGER,            -- lottery: when the draw ran
    places_granted  INTEGER NOT NULL DEFAULT 0 CHECK (places_granted <= places_total),
    claims_count    INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL
);
