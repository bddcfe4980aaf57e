package dev.exceptionledger.contracts;

import java.time.Instant;

/**
 * A reviewer's correction, which the classifier learns as a new example. Published by review-service on
 * {@code classifier.feedback}, keyed by interactionId, for every verdict whose {@code correctIntent} differs from
 * the intent the classifier gave (an existing intent or a new one).
 *
 * @param text             the interaction's subject and text, as the classifier embedded them
 * @param correctIntent    the intent the reviewer says it has (may be one the taxonomy does not know yet)
 * @param previousIntent   the intent the classifier gave
 * @param reviewId         the verdict's id (= the ReviewRecorded event's eventId)
 * @param interactionId    the interaction it was said about
 * @param correctTeam      the team the reviewer named, if any: the owner for a new intent
 * @param taxonomyVersion  the taxonomy version that made the corrected decision
 * @param refersToReviewId for a correction of an earlier verdict: that verdict; its feedback is superseded
 * @param reviewedAt       when the verdict was recorded
 */
public record ClassifierFeedback(
        String text,
        String correctIntent,
        String previousIntent,
        String reviewId,
        String interactionId,
        String correctTeam,
        String taxonomyVersion,
        String refersToReviewId,
        Instant reviewedAt) {

    public static final String TYPE = "ClassifierFeedback";

    /** The first version's four fields; the others stay null. */
    public ClassifierFeedback(String text, String correctIntent, String previousIntent, String reviewId) {
        this(text, correctIntent, previousIntent, reviewId, null, null, null, null, null);
    }
}
