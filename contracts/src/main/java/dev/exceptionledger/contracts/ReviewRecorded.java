package dev.exceptionledger.contracts;

import java.time.Instant;

/**
 * A reviewer's final verdict on a review item.
 *
 * @param correctIntent    for OVERTURNED: the intent it should have had
 * @param correctTeam      for OVERTURNED or WRONG_TEAM: where it should have gone
 * @param estimatedValue   for MISSED_OPPORTUNITY
 * @param refersToReviewId a correction names the verdict it corrects
 * @param ruleId           the routing rule that queued the reviewed item
 * @param intent           the classified intent of the reviewed decision
 * @param policyVersion    the routing policy version of the reviewed decision
 */
public record ReviewRecorded(
        String reviewId,
        Verdict verdict,
        String reviewer,
        String note,
        String team,
        String correctIntent,
        String correctTeam,
        Double estimatedValue,
        String refersToReviewId,
        Instant reviewedAt,
        String ruleId,
        String intent,
        String policyVersion) {

    public static final String TYPE = "ReviewRecorded";

    /** A verdict without the reviewed decision's rule, intent and policy version (as recorded before they were added). */
    public ReviewRecorded(String reviewId, Verdict verdict, String reviewer, String note, String team,
                          String correctIntent, String correctTeam, Double estimatedValue, String refersToReviewId,
                          Instant reviewedAt) {
        this(reviewId, verdict, reviewer, note, team, correctIntent, correctTeam, estimatedValue, refersToReviewId,
                reviewedAt, null, null, null);
    }
}
