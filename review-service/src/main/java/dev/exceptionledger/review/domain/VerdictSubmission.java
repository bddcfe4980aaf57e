package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.contracts.Violation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A reviewer's verdict as submitted. {@code verdict} stays a string here so that a wrong value is reported
 * as a violation of that field, not as unreadable JSON.
 *
 * @param refersTo for a correction: the id of the item's current verdict, which this one replaces
 */
public record VerdictSubmission(
        String verdict,
        String note,
        String correctIntent,
        String correctTeam,
        Double estimatedValue,
        String refersTo) {

    public static final int MAX_NOTE_LENGTH = 2000;
    public static final int MAX_NAME_LENGTH = 200;
    private static final String VERDICTS = Arrays.stream(Verdict.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    /**
     * The verdict, when every rule holds for an item of {@code itemTeam} queued because of {@code itemSource}.
     *
     * @throws InvalidRequestException naming each field to fix
     */
    public Verdict validate(String itemTeam, ItemSource itemSource) {
        List<Violation> violations = new ArrayList<>();
        Verdict parsed = null;
        if (verdict == null || verdict.isBlank()) {
            violations.add(new Violation("verdict", "is required: one of " + VERDICTS));
        } else {
            try {
                parsed = Verdict.valueOf(verdict.strip());
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("verdict", "must be one of " + VERDICTS + ", was '" + verdict + "'"));
            }
        }
        if (note == null || note.isBlank()) {
            violations.add(new Violation("note", "is required: say why, for whoever reads the ledger later"));
        } else if (note.length() > MAX_NOTE_LENGTH) {
            violations.add(new Violation("note", "must be at most " + MAX_NOTE_LENGTH + " characters, was " + note.length()));
        }
        checkName("correctIntent", correctIntent, violations);
        checkName("correctTeam", correctTeam, violations);
        if (estimatedValue != null && (estimatedValue.isNaN() || estimatedValue.isInfinite() || estimatedValue < 0)) {
            violations.add(new Violation("estimatedValue", "must be a number >= 0, was " + estimatedValue));
        }
        if (parsed == Verdict.OVERTURNED && isBlank(correctIntent) && isBlank(correctTeam)) {
            violations.add(new Violation("correctIntent", "is required for OVERTURNED unless correctTeam is given"));
        }
        if (parsed == Verdict.WRONG_TEAM) {
            if (isBlank(correctTeam)) {
                violations.add(new Violation("correctTeam", "is required for WRONG_TEAM: the team it should have gone to"));
            } else if (correctTeam.strip().equals(itemTeam)) {
                violations.add(new Violation("correctTeam", "must differ from the item's team '" + itemTeam + "'"));
            }
        }
        if (parsed == Verdict.MISSED_OPPORTUNITY && estimatedValue == null) {
            violations.add(new Violation("estimatedValue", "is required for MISSED_OPPORTUNITY: a number >= 0"));
        }
        // an audit sample was left to the agent or discarded: there was no escalation to call unnecessary
        if (parsed == Verdict.UNNECESSARY && itemSource == ItemSource.AUDIT) {
            violations.add(new Violation("verdict", "UNNECESSARY judges an escalation, and this item is an audit"
                    + " sample routing did not escalate: use CONFIRMED if leaving it to the agent was right"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("the verdict was not recorded: fix the fields named in violations",
                    violations);
        }
        return parsed;
    }

    /** The optional text, trimmed, or null when absent or blank. */
    public static String trimmed(String value) {
        return isBlank(value) ? null : value.strip();
    }

    private static void checkName(String field, String value, List<Violation> violations) {
        if (value != null && value.length() > MAX_NAME_LENGTH) {
            violations.add(new Violation(field, "must be at most " + MAX_NAME_LENGTH + " characters"));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
