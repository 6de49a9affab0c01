-- Dossiers (the form, as a JSON object of validated values) and their documents.
CREATE TABLE dossiers (
    account_id  INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    fields      TEXT    NOT NULL DEFAULT '{}',   -- JSON object, keys from the program definition
    updated_at  INTEGER NOT NULL,
    locked_at   INTEGER                          -- set by the claim transaction; no change after
);

-- One stored file per (candidate, kind). The bytes live in the content-addressed
-- store <data>/documents/<sha256 hex>; a file goes when no row refers to it.
CREATE TABLE documents (
    account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,                -- lowercase hex of the bytes
    type        TEXT    NOT NULL,                -- recognised from the bytes: application/pdf, image/jpeg, image/png
    size        INTEGER NOT NULL CHECK (size > 0),
    uploaded_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, kind)
) WITHOUT ROWID;
CREATE INDEX documents_by_sha256 ON documents(sha256);
