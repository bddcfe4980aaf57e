package dev.exceptionledger.contracts;

import java.util.List;

/** Every Kafka topic of the suite, in one place. Records are keyed by interactionId. */
public final class Topics {
    private Topics() { }

    /** Interactions that platforms publish instead of calling intake over HTTP. */
    public static final String INTERACTIONS_INBOUND = "interactions.inbound";
    public static final String INTERACTIONS_RECEIVED = "interactions.received";
    public static final String INTERACTIONS_REJECTED = "interactions.rejected";
    public static final String INTERACTIONS_CLASSIFIED = "interactions.classified";
    public static final String INTERACTIONS_ROUTED = "interactions.routed";
    public static final String HANDOFFS_REQUESTED = "handoffs.requested";
    public static final String REVIEWS_RECORDED = "reviews.recorded";
    public static final String CLASSIFIER_FEEDBACK = "classifier.feedback";
    /** What a CRM or helpdesk reports back about an interaction (won, lost, churned, resolved). */
    public static final String OUTCOMES_REPORTED = "outcomes.reported";
    /**
     * Erasures: the ledger publishes {@link SubjectErased} after destroying a subject's key, so that services
     * holding copies of their own drop them. Keyed by {@code subject-<contactId>}; the ledger does not read it.
     */
    public static final String SUBJECTS_ERASED = "subjects.erased";
    /** Messages a consumer could not process; the raw record with dead-letter-* headers. */
    public static final String DEAD_LETTERS = "deadletters";

    /** What the ledger records: every fact-carrying topic and the dead letters. */
    public static final List<String> LEDGER_INPUTS = List.of(
            INTERACTIONS_RECEIVED, INTERACTIONS_REJECTED, INTERACTIONS_CLASSIFIED, INTERACTIONS_ROUTED,
            HANDOFFS_REQUESTED, REVIEWS_RECORDED, OUTCOMES_REPORTED, DEAD_LETTERS);
}
