-- Issue 6: claims, where an item came from, the columns the blind-spot report groups by, audit runs, outcomes.

-- handoff_event_id is now "the event that queued the item": a HandoffRequested, an AuditSampleDrawn, or the
-- REROUTED InteractionRouted of a WRONG_TEAM verdict. It stays the causationId of the item's ReviewRecorded.
ALTER TABLE review_item
    ADD COLUMN source           text NOT NULL DEFAULT 'HANDOFF' CHECK (source IN ('HANDOFF', 'AUDIT', 'REROUTE')),
    ADD COLUMN claimed_by       text,
    ADD COLUMN claim_expires_at timestamptz,
    ADD COLUMN channel          text,
    ADD COLUMN agent_action     text,
    ADD COLUMN routing_outcome  text,
    ADD COLUMN taxonomy_version text,
    ADD COLUMN audit_run_id     uuid;

-- what was queued before these columns existed came from handoffs, i.e. escalations
UPDATE review_item SET
    channel          = packet #>> '{classification,interaction,channel}',
    agent_action     = packet #>> '{classification,interaction,agentDecision,action}',
    taxonomy_version = packet #>> '{classification,taxonomyVersion}',
    routing_outcome  = 'ESCALATED';

CREATE INDEX review_item_team_queue ON review_item (team, status, sla_deadline);

-- Every interaction routing decided about, joined from interactions.classified and interactions.routed (either may
-- arrive first: both upsert). The audit samples from it and outcomes resolve externalIds through it.
CREATE TABLE routed_interaction (
    interaction_id      text PRIMARY KEY,
    outcome             text,               -- the first routing decision; a later REROUTED does not replace it
    team                text,
    reason              text,
    rule_id             text,
    policy_version      text,
    routed_event_id     uuid,
    routed_at           timestamptz,        -- the routing event's occurredAt
    routed_recorded_at  timestamptz,        -- when this service learnt of it: the audit's window is on this
    intent              text,
    confidence          double precision,
    novelty             double precision,
    novel               boolean,
    channel             text,
    external_id         text,
    agent_action        text,
    taxonomy_version    text,
    classified_event_id uuid,
    classification      jsonb               -- the InteractionClassified payload, the audit item's packet
);

CREATE INDEX routed_interaction_window ON routed_interaction (routed_recorded_at);
CREATE INDEX routed_interaction_external_id ON routed_interaction (external_id);

-- One audit sampling run: its window, parameters and what it picked (each pick is an audit review item).
CREATE TABLE audit_run (
    id           uuid PRIMARY KEY,
    trigger      text             NOT NULL,
    window_from  timestamptz      NOT NULL,
    window_to    timestamptz      NOT NULL,
    rate         double precision NOT NULL,
    seed         bigint           NOT NULL,
    population   integer          NOT NULL,
    picked       integer          NOT NULL,
    novel_picked integer          NOT NULL,
    strata       jsonb            NOT NULL,
    started_at   timestamptz      NOT NULL,
    completed_at timestamptz      NOT NULL,
    event_id     uuid             NOT NULL UNIQUE      -- the AuditRunCompleted event
);

CREATE INDEX audit_run_window ON audit_run (window_to DESC);

-- What a CRM or helpdesk reported about an interaction, as published on outcomes.reported.
CREATE TABLE outcome (
    event_id       uuid PRIMARY KEY,
    interaction_id text             NOT NULL,
    outcome        text             NOT NULL CHECK (outcome IN ('WON', 'LOST', 'CHURNED', 'RESOLVED')),
    value          double precision CHECK (value >= 0),
    currency       text,
    external_id    text,
    source         text             NOT NULL,
    note           text,
    reported_at    timestamptz      NOT NULL
);

CREATE INDEX outcome_interaction ON outcome (interaction_id);
