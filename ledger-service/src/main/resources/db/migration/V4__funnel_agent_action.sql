-- Issue 18: the agent's canonical action (answered, closed, deflected, escalated, ignored, none, other), from
-- InteractionReceived's agentDecision, so the funnel counts interactions per action and actions nobody mapped (other).
-- Rows written before stay NULL here until a rebuild (POST /ledger/projections/rebuild) replays their events.
ALTER TABLE funnel
    ADD COLUMN agent_action VARCHAR(32);
