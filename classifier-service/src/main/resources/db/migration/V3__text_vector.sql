-- The encoder's vector of each text a taxonomy version trained on, so that a starting replica reads ~4,000 vectors
-- instead of embedding them again (~35 s of CPU). Keyed by the model that made it and the text's SHA-256 (hex, of its
-- UTF-8 bytes); the text itself is not copied. Texts learned from reviewers' corrections are never stored here (they
-- are a subject's words, and an erasure must not have to find their vectors).
CREATE TABLE text_vector (
    model_version TEXT  NOT NULL,
    text_sha256   TEXT  NOT NULL,
    -- float32 little-endian, one per dimension
    vector        BYTEA NOT NULL,
    PRIMARY KEY (model_version, text_sha256)
);
