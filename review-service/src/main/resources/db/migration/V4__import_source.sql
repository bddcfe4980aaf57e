-- Issue 18: handoffs of imported history (POST /imports on intake) wait in a queue of their own, source IMPORT.
ALTER TABLE review_item DROP CONSTRAINT review_item_source_check;
ALTER TABLE review_item ADD CONSTRAINT review_item_source_check
    CHECK (source IN ('HANDOFF', 'AUDIT', 'REROUTE', 'IMPORT'));
