package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One page of a review queue: which items and where. Every filter is optional (null = any); status is open unless
 * asked otherwise ({@code all}: any).
 *
 * @param contactId the subject id of the {@code contactEmail} asked for ({@link ContactIds}), never the address
 * @param source  where the items came from (handoff, audit, reroute, import)
 * @param claimed true: only items someone holds a live claim on; false: only items free to claim
 * @param page    0-based
 */
public record QueueQuery(ReviewStatus status, String team, String intent, String priority, String reasonCode,
                         ItemSource source, Boolean claimed, String interactionId, String externalId,
                         String contactId, int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;

    public static QueueQuery parse(String status, String team, String page, String size) {
        return parse(status, team, null, null, null, null, null, null, null, null, page, size);
    }

    /** Parses the raw query parameters; every bad one is named in the exception. */
    public static QueueQuery parse(String status, String team, String intent, String priority, String reasonCode,
                                   String source, String claimed, String interactionId, String externalId,
                                   String contactEmail, String page, String size) {
        List<Violation> violations = new ArrayList<>();
        ReviewStatus parsedStatus = ReviewStatus.OPEN;
        if (status != null) {
            switch (status.toLowerCase(Locale.ROOT)) {
                case "open" -> parsedStatus = ReviewStatus.OPEN;
                case "decided" -> parsedStatus = ReviewStatus.DECIDED;
                case "all" -> parsedStatus = null;
                default -> violations.add(new Violation("status", "must be open, decided or all, was '" + status
                        + "'"));
            }
        }
        notBlank("team", team, violations);
        notBlank("intent", intent, violations);
        notBlank("priority", priority, violations);
        notBlank("reasonCode", reasonCode, violations);
        notBlank("interactionId", interactionId, violations);
        notBlank("externalId", externalId, violations);
        if (contactEmail != null && !contactEmail.contains("@")) {
            violations.add(new Violation("contactEmail", "must be an email address such as ana@example.com, was '"
                    + contactEmail + "'"));
        }
        ItemSource parsedSource = null;
        if (source != null) {
            try {
                parsedSource = ItemSource.valueOf(source.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("source", "must be handoff, audit, reroute or import, was '" + source + "'"));
            }
        }
        Boolean parsedClaimed = null;
        if (claimed != null) {
            switch (claimed.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> parsedClaimed = true;
                case "false" -> parsedClaimed = false;
                default -> violations.add(new Violation("claimed", "must be true or false, was '" + claimed + "'"));
            }
        }
        int parsedPage = parseInt(page, 0, 0, Integer.MAX_VALUE, "page", violations);
        int parsedSize = parseInt(size, DEFAULT_SIZE, 1, MAX_SIZE, "size", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("invalid query parameters", violations);
        }
        return new QueueQuery(parsedStatus, team, intent, priority, reasonCode, parsedSource, parsedClaimed,
                strip(interactionId), strip(externalId), ContactIds.ofEmail(contactEmail), parsedPage, parsedSize);
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static void notBlank(String name, String value, List<Violation> violations) {
        if (value != null && value.isBlank()) {
            violations.add(new Violation(name, "must not be blank: leave it out to see every " + name));
        }
    }

    private static int parseInt(String raw, int fallback, int min, int max, String name, List<Violation> violations) {
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        violations.add(new Violation(name, max == Integer.MAX_VALUE
                ? "must be a whole number >= " + min + ", was '" + raw + "'"
                : "must be a whole number from " + min + " to " + max + ", was '" + raw + "'"));
        return fallback;
    }
}
