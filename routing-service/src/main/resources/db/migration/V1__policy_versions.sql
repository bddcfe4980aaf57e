-- Every policy document ever stored, immutable: a decision's policyVersion always resolves to its rules.
CREATE TABLE policy_version (
    version    TEXT PRIMARY KEY,
    document   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by TEXT        NOT NULL
);

-- Which version was active when: the latest activation is the active policy. Rolling back is activating again.
CREATE TABLE policy_activation (
    id           BIGSERIAL PRIMARY KEY,
    version      TEXT        NOT NULL REFERENCES policy_version (version),
    activated_at TIMESTAMPTZ NOT NULL,
    activated_by TEXT        NOT NULL
);
