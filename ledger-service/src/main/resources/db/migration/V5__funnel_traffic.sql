-- Issue 18: imported history next to live traffic. import_id is the import that brought an interaction in (NULL for
-- live traffic); occurred_at when it happened at the source (an import's original time; NULL for live traffic, which
-- happened when it was first seen). The funnel's time range is on coalesce(occurred_at, first_seen_at).
-- Rows written before stay NULL (live) here until a rebuild (POST /ledger/projections/rebuild) replays their events.
ALTER TABLE funnel
    ADD COLUMN import_id   TEXT,
    ADD COLUMN occurred_at TIMESTAMPTZ;
