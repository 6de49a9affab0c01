-- The receipt's signature (base64 of the 64-byte r||s), stored with the claim
-- when the claim worker signed it at claim time with a precomputed nonce
-- (docs/claims.md). NULL: the receipt is signed deterministically (RFC 6979)
-- whenever it is shown, which gives the same bytes every time. A draw that
-- rewrites the receipt sets it back to NULL.
ALTER TABLE claims ADD COLUMN signature TEXT;
