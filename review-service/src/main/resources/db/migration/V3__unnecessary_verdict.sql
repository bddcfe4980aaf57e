-- Issue 15: a reviewer may judge an escalation UNNECESSARY (the agent could have handled it).
ALTER TABLE verdict DROP CONSTRAINT verdict_verdict_check;
ALTER TABLE verdict ADD CONSTRAINT verdict_verdict_check
    CHECK (verdict IN ('CONFIRMED', 'OVERTURNED', 'MISSED_OPPORTUNITY', 'WRONG_TEAM', 'UNNECESSARY'));
