package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Verdict;
import dev.exceptionledger.contracts.Violation;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VerdictSubmissionTest {

    private static final String TEAM = "sales";

    @Test
    void acceptsAConfirmationWithANote() {
        assertThat(new VerdictSubmission("CONFIRMED", "right call", null, null, null, null).validate(TEAM, ItemSource.HANDOFF),
                is(Verdict.CONFIRMED));
    }

    @Test
    void acceptsAnOverturnWithEitherTheCorrectIntentOrTheCorrectTeam() {
        assertThat(new VerdictSubmission("OVERTURNED", "pricing", "pricing-question", null, null, null).validate(TEAM, ItemSource.HANDOFF),
                is(Verdict.OVERTURNED));
        assertThat(new VerdictSubmission("OVERTURNED", "support's", null, "support", null, null).validate(TEAM, ItemSource.HANDOFF),
                is(Verdict.OVERTURNED));
    }

    @Test
    void acceptsAMissedOpportunityWorthNothingYet() {
        assertThat(new VerdictSubmission("MISSED_OPPORTUNITY", "a lead", null, null, 0.0, null).validate(TEAM, ItemSource.HANDOFF),
                is(Verdict.MISSED_OPPORTUNITY));
    }

    @Test
    void namesEveryMissingFieldAtOnce() {
        assertThat(fields(new VerdictSubmission(null, null, null, null, null, null)), containsInAnyOrder("verdict", "note"));
    }

    @Test
    void listsTheAllowedVerdictsForAnUnknownOne() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new VerdictSubmission("confirmed", "lower case", null, null, null, null).validate(TEAM, ItemSource.HANDOFF));
        assertThat(e.violations().get(0).message(), containsString("CONFIRMED, OVERTURNED, MISSED_OPPORTUNITY, WRONG_TEAM"));
    }

    @Test
    void requiresANonBlankNoteOfAtMost2000Characters() {
        assertThat(fields(new VerdictSubmission("CONFIRMED", " \n ", null, null, null, null)), contains("note"));
        assertThat(fields(new VerdictSubmission("CONFIRMED", "x".repeat(2001), null, null, null, null)), contains("note"));
        assertThat(new VerdictSubmission("CONFIRMED", "x".repeat(2000), null, null, null, null).validate(TEAM, ItemSource.HANDOFF),
                is(Verdict.CONFIRMED));
    }

    @Test
    void requiresWhatAnOverturnCorrects() {
        assertThat(fields(new VerdictSubmission("OVERTURNED", "wrong", " ", null, null, null)), contains("correctIntent"));
    }

    @Test
    void requiresAnotherTeamForWrongTeam() {
        assertThat(fields(new VerdictSubmission("WRONG_TEAM", "not ours", "pricing", null, null, null)), contains("correctTeam"));
        assertThat(fields(new VerdictSubmission("WRONG_TEAM", "not ours", null, " sales ", null, null)), contains("correctTeam"));
    }

    @Test
    void requiresANonNegativeFiniteValueForAMissedOpportunity() {
        assertThat(fields(new VerdictSubmission("MISSED_OPPORTUNITY", "a deal", null, null, null, null)), contains("estimatedValue"));
        assertThat(fields(new VerdictSubmission("MISSED_OPPORTUNITY", "a deal", null, null, -0.01, null)), contains("estimatedValue"));
        assertThat(fields(new VerdictSubmission("MISSED_OPPORTUNITY", "a deal", null, null, Double.NaN, null)), contains("estimatedValue"));
    }

    @Test
    void refusesANegativeValueWhateverTheVerdict() {
        assertThat(fields(new VerdictSubmission("CONFIRMED", "fine", null, null, -5.0, null)), contains("estimatedValue"));
    }

    @Test
    void acceptsAnUnnecessaryEscalationWithANote() {
        assertThat(new VerdictSubmission("UNNECESSARY", "the agent answers this", null, null, null, null)
                .validate(TEAM, ItemSource.HANDOFF), is(Verdict.UNNECESSARY));
        assertThat(new VerdictSubmission("UNNECESSARY", "routine after all", null, null, null, null)
                .validate(TEAM, ItemSource.REROUTE), is(Verdict.UNNECESSARY));
        assertThat(fields(new VerdictSubmission("UNNECESSARY", " ", null, null, null, null)), contains("note"));
    }

    @Test
    void refusesUnnecessaryForAnAuditSampleWhichWasNoEscalation() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new VerdictSubmission("UNNECESSARY", "fine", null, null, null, null)
                        .validate(TEAM, ItemSource.AUDIT));
        assertThat(e.violations().get(0).field(), is("verdict"));
        assertThat(e.violations().get(0).message(), containsString("audit sample"));
    }

    private static java.util.List<String> fields(VerdictSubmission submission) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> submission.validate(TEAM, ItemSource.HANDOFF));
        return e.violations().stream().map(Violation::field).toList();
    }
}
