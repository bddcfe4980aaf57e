package dev.exceptionledger.contracts;

import java.time.Instant;

/**
 * A reviewer's final verdict on a review item.
 *
 * @param correctIntent    for OVERTURNED: the intent it should have had
 * @param correctTeam      for OVERTURNED or WRONG_TEAM: where it should have gone
 * @param estimatedValue   for MISSED_OPPORTUNITY
 * @param refersToReviewId a correction names the verdict it corrects
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
        Instant reviewedAt) {

    public static final String TYPE = "ReviewRecorded";
}
