package dev.exceptionledger.console.rest;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How values read in the pages (times in UTC, as the services record them). */
@TemplateExtension
public final class Formats {
    private Formats() { }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** "14:05" for an ISO-8601 instant. */
    static String clock(Object instant) {
        Instant parsed = parse(instant);
        return parsed == null ? "" : CLOCK.format(parsed);
    }

    /** "2026-12-05 14:05:09" for an ISO-8601 instant. */
    static String dateTime(Object instant) {
        Instant parsed = parse(instant);
        return parsed == null ? "" : DATE_TIME.format(parsed);
    }

    /** One decimal, for chart coordinates and percentages. */
    static String fmt(Object number) {
        return number instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue()) : "";
    }

    /** Two decimals, for scores (confidence, novelty, value). */
    static String score(Object number) {
        return number instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "–";
    }

    static String percent(Object share) {
        return share instanceof Number n ? String.format(Locale.ROOT, "%.0f%%", n.doubleValue() * 100) : "";
    }

    /** Money as a whole number with thousands separators ("12,500"). */
    static String money(Object number) {
        return number instanceof Number n ? String.format(Locale.ROOT, "%,.0f", n.doubleValue()) : "";
    }

    private static Instant parse(Object instant) {
        if (instant == null) {
            return null;
        }
        try {
            return Instant.parse(instant.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
