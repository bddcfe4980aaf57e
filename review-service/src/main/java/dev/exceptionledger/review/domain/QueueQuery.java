package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One page of a review queue: which items (status, optionally one team) and where.
 *
 * @param page 0-based
 */
public record QueueQuery(ReviewStatus status, String team, int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;

    /** Parses the raw query parameters; every bad one is named in the exception. */
    public static QueueQuery parse(String status, String team, String page, String size) {
        List<Violation> violations = new ArrayList<>();
        ReviewStatus parsedStatus = ReviewStatus.OPEN;
        if (status != null) {
            switch (status.toLowerCase(Locale.ROOT)) {
                case "open" -> parsedStatus = ReviewStatus.OPEN;
                case "decided" -> parsedStatus = ReviewStatus.DECIDED;
                default -> violations.add(new Violation("status", "must be open or decided, was '" + status + "'"));
            }
        }
        if (team != null && team.isBlank()) {
            violations.add(new Violation("team", "must not be blank: leave it out to see every team"));
        }
        int parsedPage = parseInt(page, 0, 0, Integer.MAX_VALUE, "page", violations);
        int parsedSize = parseInt(size, DEFAULT_SIZE, 1, MAX_SIZE, "size", violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException("invalid query parameters", violations);
        }
        return new QueueQuery(parsedStatus, team, parsedPage, parsedSize);
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
