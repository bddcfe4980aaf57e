-- The funnel projection: one row per interaction with the stages it has reached, rebuilt from the event store
-- by the "funnel" tracking processor. Events may arrive in any order, so every column is written by an upsert.
CREATE TABLE funnel (
    interaction_id  VARCHAR(255) PRIMARY KEY,
    -- the earliest occurredAt of any of its events; the funnel's from/to filter applies to it
    first_seen_at   TIMESTAMPTZ  NOT NULL,
    received        BOOLEAN      NOT NULL DEFAULT FALSE,
    rejected        BOOLEAN      NOT NULL DEFAULT FALSE,
    classified      BOOLEAN      NOT NULL DEFAULT FALSE,
    -- the latest routing decision (by occurredAt) and its team
    routing_outcome VARCHAR(32),
    routing_team    VARCHAR(255),
    routed_at       TIMESTAMPTZ,
    -- the latest verdict (a correction replaces the verdict it corrects)
    review_verdict  VARCHAR(32),
    reviewed_at     TIMESTAMPTZ,
    dead_lettered   BOOLEAN      NOT NULL DEFAULT FALSE
);

CREATE INDEX funnel_first_seen_at ON funnel (first_seen_at);
