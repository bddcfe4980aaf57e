-- One row per interaction handed to a human team for one reason (rule): the reviewer's work item.
CREATE TABLE review_item (
    id               uuid PRIMARY KEY,
    interaction_id   text             NOT NULL,
    team             text             NOT NULL,
    priority         text,
    sla_deadline     timestamptz      NOT NULL,
    reason_codes     text             NOT NULL DEFAULT '',   -- comma-joined codes, e.g. NOVEL,HIGH_VALUE
    rule_id          text,
    policy_version   text,
    explanation      text,
    intent           text,
    confidence       double precision,
    novelty          double precision,
    value_score      double precision,
    packet           jsonb            NOT NULL,              -- the HandoffRequested payload as received
    status           text             NOT NULL CHECK (status IN ('OPEN', 'DECIDED')),
    handoff_event_id uuid             NOT NULL UNIQUE,
    created_at       timestamptz      NOT NULL,
    decided_at       timestamptz,
    -- the same interaction is queued once per team and reason, even when routing re-emits it with a new eventId;
    -- a handoff without a rule still counts once
    CONSTRAINT review_item_once_per_reason UNIQUE NULLS NOT DISTINCT (interaction_id, team, rule_id)
);

CREATE INDEX review_item_queue ON review_item (status, sla_deadline);

-- A reviewer's judgement of a review item; a later correction refers to the verdict it corrects.
CREATE TABLE verdict (
    id              uuid PRIMARY KEY,
    review_item_id  uuid             NOT NULL REFERENCES review_item (id),
    verdict         text             NOT NULL
                    CHECK (verdict IN ('CONFIRMED', 'OVERTURNED', 'MISSED_OPPORTUNITY', 'WRONG_TEAM')),
    reviewer        text             NOT NULL,
    note            text             NOT NULL,
    correct_intent  text,
    correct_team    text,
    estimated_value double precision CHECK (estimated_value >= 0),
    refers_to       uuid REFERENCES verdict (id),
    recorded_at     timestamptz      NOT NULL,
    event_id        uuid             NOT NULL UNIQUE          -- the ReviewRecorded event's eventId
);

CREATE INDEX verdict_review_item ON verdict (review_item_id);
