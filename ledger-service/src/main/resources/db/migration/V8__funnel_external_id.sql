-- Issue 22: a sender's own id, to count one batch of traffic by the prefix its externalIds share (the local demo gives
-- each run its own, e.g. demo-r20250131-120000-); NULL when the interaction had none. Rows written before stay NULL
-- until a rebuild (POST /ledger/projections/rebuild) replays their events.
ALTER TABLE funnel ADD COLUMN external_id TEXT;
CREATE INDEX funnel_external_id ON funnel (external_id text_pattern_ops);
