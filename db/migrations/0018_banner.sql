-- The status banner as the ministry last set it (docs/operations.md, "The
-- banner on every node"). nginx serves each node's own files,
-- <data>/status/banner.{html,json}; this row is how a banner set on one front
-- node reaches the others: each node's admin pool copies a newer row into its
-- files (admin/banner_follower.h). The files stay the truth a node serves, so
-- a node keeps its last banner when the database is down.
CREATE TABLE banner (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    level      TEXT    NOT NULL CHECK (level IN ('none', 'info', 'warning', 'outage')),
    fr         TEXT    NOT NULL,
    en         TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
