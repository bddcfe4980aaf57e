-- Reviewers' verdicts on routing's decisions, from reviews.recorded: the evidence of GET /policy/suggestions.
-- A correction names the verdict it replaces (refers_to); the current verdict is the one no other refers to.
CREATE TABLE review_verdict (
    event_id       uuid PRIMARY KEY,
    review_id      text NOT NULL UNIQUE,
    verdict        text NOT NULL,
    rule_id        text,
    intent         text,
    policy_version text,
    reviewed_at    timestamptz,
    note           text,
    refers_to      text
);

CREATE INDEX review_verdict_policy ON review_verdict (policy_version);
CREATE INDEX review_verdict_refers_to ON review_verdict (refers_to);
