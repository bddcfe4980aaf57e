-- Where each learned example came from, so that an erasure of its subject takes it out of every version. The text
-- itself is not copied here: its SHA-256 (hex, of its UTF-8 bytes) finds it in the versions' documents.
CREATE TABLE learned_example (
    correction_event_id UUID PRIMARY KEY,
    interaction_id      TEXT NOT NULL,
    intent              TEXT NOT NULL,
    text_sha256         TEXT NOT NULL
);

CREATE INDEX learned_example_interaction ON learned_example (interaction_id);

ALTER TABLE waiting_correction ADD COLUMN interaction_id TEXT;

-- Interactions whose subject was erased: a correction about one of them is never learned (again).
CREATE TABLE erased_interaction (
    interaction_id TEXT PRIMARY KEY,
    erased_at      TIMESTAMPTZ NOT NULL
);

-- When an erasure took examples out of a stored version's document (its name and everything else unchanged).
ALTER TABLE taxonomy_version ADD COLUMN redacted_at TIMESTAMPTZ;
