-- Issue 5: batched appends by the ledger itself (no per-event aggregate command), a hash chain over the global
-- order, per-contact keys for personal fields, and the funnel's later stages.

-- Columns Axon does not know (it selects its own by name): what the replay filters on, and whose key encrypts the
-- event's personal fields. All of them are covered by the chain hash.
ALTER TABLE domainevententry
    ADD COLUMN event_type  VARCHAR(255),
    ADD COLUMN occurred_at TIMESTAMPTZ,
    ADD COLUMN subject_id  VARCHAR(255);

-- Events recorded before: the envelope's eventId becomes Axon's event identifier (its unique index is what makes
-- an append idempotent from now on), and the new columns are filled from the stored payload.
UPDATE domainevententry e
SET eventidentifier = s.j ->> 'eventId',
    event_type      = s.j ->> 'type',
    occurred_at     = (s.j ->> 'occurredAt')::timestamptz
FROM (SELECT globalindex, convert_from(payload, 'UTF8')::jsonb AS j FROM domainevententry) s
WHERE e.globalindex = s.globalindex;

CREATE INDEX domainevententry_occurred_at ON domainevententry (occurred_at);

-- The chain: hash(n) = SHA-256(hash(previous) || the stored row n). Written in the appending transaction while it
-- holds the head row's lock, so the chain follows the global order across replicas.
CREATE TABLE ledger_chain (
    globalindex BIGINT PRIMARY KEY,
    hash        BYTEA NOT NULL
);
CREATE TABLE ledger_chain_head (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    -- the last chained event and its hash
    globalindex  BIGINT NOT NULL,
    hash         BYTEA  NOT NULL,
    -- the chain starts after this event: events recorded before this migration stay outside (verify counts them)
    starts_after BIGINT NOT NULL
);
-- the genesis hash is 32 zero bytes
INSERT INTO ledger_chain_head
SELECT 1, coalesce(max(globalindex), 0), decode(repeat('00', 32), 'hex'), coalesce(max(globalindex), 0)
FROM domainevententry;

-- One AES-256 key per contact (subject). Erasure sets secret to NULL: the ciphertexts stay, unreadable.
CREATE TABLE subject_key (
    contact_id VARCHAR(255) PRIMARY KEY,
    secret     BYTEA,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    erased_at  TIMESTAMPTZ
);

ALTER TABLE funnel
    ADD COLUMN channel         VARCHAR(255),
    ADD COLUMN intent          VARCHAR(255),
    -- occurredAt of InteractionReceived: the stalled check's clock starts here
    ADD COLUMN received_at     TIMESTAMPTZ,
    -- estimatedValue of the latest verdict when it is MISSED_OPPORTUNITY
    ADD COLUMN missed_value    DOUBLE PRECISION,
    -- the latest outcome reported back and its value
    ADD COLUMN outcome         VARCHAR(32),
    ADD COLUMN outcome_value   DOUBLE PRECISION,
    ADD COLUMN outcome_at      TIMESTAMPTZ,
    ADD COLUMN stalled_at      TIMESTAMPTZ,
    -- a stalled interaction that was routed after all, and the ledger recorded that
    ADD COLUMN stall_completed BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX funnel_unrouted ON funnel (received_at) WHERE routing_outcome IS NULL AND stalled_at IS NULL;
