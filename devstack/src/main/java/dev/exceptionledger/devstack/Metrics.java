package dev.exceptionledger.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's metrics as Prometheus scrapes them (its management interface's {@code /q/metrics}, no token), for the
 * tests that check a fact was counted.
 */
public final class Metrics {

    /**
     * {@code name{label="value",...} number}, and after it an exemplar ({@code # {trace_id="…"} 1.0 …}) when the
     * count was made inside a trace; Quarkus writes the labels sorted and quoted, one series per line.
     */
    private static final Pattern SERIES = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*?)})? (\\S+)(?: # \\{.*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    private Metrics(String text) {
        this.text = text;
    }

    public static Metrics of(String text) {
        return new Metrics(text);
    }

    /** Scrapes {@code url} without a token; fails unless it answers 200. */
    public static Metrics scrape(String url) {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
            }
            return new Metrics(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String text() {
        return text;
    }

    /**
     * The sum over the series of {@code name} whose labels include {@code labels} (label, value, label, value …),
     * or 0 when there is none: a counter not yet incremented is not written at all.
     */
    public double value(String name, String... labels) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher series = SERIES.matcher(line.trim());
            if (line.startsWith("#") || !series.matches() || !series.group(1).equals(name)) {
                continue;
            }
            Map<String, String> has = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(series.group(3) == null ? "" : series.group(3));
            while (label.find()) {
                has.put(label.group(1), label.group(2));
            }
            if (has.entrySet().containsAll(wanted.entrySet())) {
                sum += Double.parseDouble(series.group(4));
            }
        }
        return sum;
    }

    /** Whether a series of {@code name} is written at all (with any labels). */
    public boolean has(String name) {
        return Pattern.compile("^" + Pattern.quote(name) + "[{ ]", Pattern.MULTILINE).matcher(text).find();
    }
}
