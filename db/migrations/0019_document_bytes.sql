-- Every uploaded document's bytes, by content, where the database is shared by
-- several front nodes (PostgreSQL; docs/cluster.md, "Documents"). Written
-- before the row of `documents` that names them, and replicated with it
-- (synchronous_commit), so that any node serves a document uploaded through
-- another and the loss of one node's disk loses none: each node's
-- <data>/documents is then its own copy, filled again from here on the first
-- read that misses it. On SQLite (one machine) the table stays empty and the
-- folder is the only copy, as before.
CREATE TABLE document_bytes (
    sha256    TEXT    PRIMARY KEY CHECK (length(sha256) = 64),
    bytes     BLOB    NOT NULL,
    stored_at INTEGER NOT NULL          -- ms since the epoch (a gc grace period)
);
