-- Every taxonomy version ever made, immutable: a classification's taxonomyVersion always resolves to its document.
-- parent: the version it was made from (null for the first); reason: put (a policy-admin's PUT /taxonomy),
-- correction (a reviewer's correction from classifier.feedback) or shipped (the packaged or configured file).
CREATE TABLE taxonomy_version (
    version             TEXT PRIMARY KEY,
    document            TEXT        NOT NULL,
    parent              TEXT REFERENCES taxonomy_version (version),
    reason              TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    created_by          TEXT        NOT NULL,
    -- the correction that made it: a redelivered correction never makes a second version
    correction_event_id UUID UNIQUE,
    intents             INT         NOT NULL
);

-- Which version was active when: the latest activation is the active taxonomy, followed by every replica.
CREATE TABLE taxonomy_activation (
    id           BIGSERIAL PRIMARY KEY,
    version      TEXT        NOT NULL REFERENCES taxonomy_version (version),
    activated_at TIMESTAMPTZ NOT NULL,
    activated_by TEXT        NOT NULL
);

-- Corrections naming an intent the taxonomy does not know yet, waiting for enough of them to add it.
CREATE TABLE waiting_correction (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    intent      TEXT        NOT NULL,
    text        TEXT        NOT NULL,
    team        TEXT,
    received_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX waiting_correction_intent ON waiting_correction (intent);
