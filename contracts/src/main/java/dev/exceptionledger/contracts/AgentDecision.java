package dev.exceptionledger.contracts;

/**
 * What the customer's own AI agent decided (shadow mode).
 *
 * @param label           the agent's own label, as sent
 * @param action          what the agent did, in its own words as sent (trimmed), e.g. answered, resolved,
 *                        handed_off; null when it sent no action
 * @param canonicalAction the action mapped onto {@link AgentActions#CANONICAL} by intake's table; absent in events
 *                        recorded before intake mapped actions: read {@link #canonical()}
 */
public record AgentDecision(String label, Double confidence, String action, String canonicalAction) {

    /** A decision as sent, not yet mapped: {@link #canonical()} maps its action with the shipped table. */
    public AgentDecision(String label, Double confidence, String action) {
        this(label, confidence, action, null);
    }

    /**
     * The canonical action: as intake recorded it, else (an older event, or a decision that did not come through
     * intake) the raw action mapped by {@link AgentActions#DEFAULT}.
     */
    public String canonical() {
        return canonicalAction != null ? canonicalAction : AgentActions.DEFAULT.canonical(action);
    }
}
