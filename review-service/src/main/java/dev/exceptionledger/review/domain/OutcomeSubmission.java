package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a CRM or helpdesk reports about an interaction, as posted; identified by interactionId or externalId. */
public record OutcomeSubmission(
        String interactionId,
        String externalId,
        String outcome,
        Double value,
        String currency,
        String source,
        String note) {

    public static final Set<String> OUTCOMES = Set.of("WON", "LOST", "CHURNED", "RESOLVED");
    public static final int MAX_TEXT = 2000;

    /**
     * The outcome's canonical name when every rule holds.
     *
     * @throws InvalidRequestException naming each field to fix
     */
    public String validate() {
        List<Violation> violations = new ArrayList<>();
        if (isBlank(interactionId) && isBlank(externalId)) {
            violations.add(new Violation("interactionId", "interactionId or externalId is required"));
        }
        String parsed = outcome == null ? null : outcome.strip().toUpperCase(Locale.ROOT);
        if (parsed == null || !OUTCOMES.contains(parsed)) {
            violations.add(new Violation("outcome", "must be one of WON, LOST, CHURNED, RESOLVED, was '" + outcome + "'"));
        }
        if (value != null && (value.isNaN() || value.isInfinite() || value < 0)) {
            violations.add(new Violation("value", "must be a number >= 0, was " + value));
        }
        if ("WON".equals(parsed) && value == null) {
            violations.add(new Violation("value", "is required for WON: what the deal is worth"));
        }
        if (currency != null && !currency.strip().matches("[A-Za-z]{3}")) {
            violations.add(new Violation("currency", "must be an ISO 4217 code such as EUR, was '" + currency + "'"));
        }
        tooLong("note", note, violations);
        tooLong("source", source, violations);
        tooLong("interactionId", interactionId, violations);
        tooLong("externalId", externalId, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("the outcome was not recorded: fix the fields named in violations",
                    violations);
        }
        return parsed;
    }

    private static void tooLong(String field, String value, List<Violation> violations) {
        if (value != null && value.length() > MAX_TEXT) {
            violations.add(new Violation(field, "must be at most " + MAX_TEXT + " characters"));
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
