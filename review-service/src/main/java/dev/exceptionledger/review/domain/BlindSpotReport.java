package dev.exceptionledger.review.domain;

import dev.exceptionledger.contracts.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the system is most often wrong: for each dimension (intent, channel, routing outcome, agent action, novelty
 * band) and each of its values, how the reviewed interactions were judged. Clusters with the most wrong verdicts
 * (anything but CONFIRMED, UNNECESSARY escalations included) come first, then the higher wrong rate.
 */
public record BlindSpotReport(Instant from, Instant to, int reviewed, List<Cluster> clusters) {

    public static final int EXAMPLES = 3;

    /** The current verdict on one reviewed item (a correction replaces what it corrects). */
    public record ReviewedCase(String interactionId, String intent, String channel, String routingOutcome,
                               String agentAction, Double novelty, Verdict verdict, Double estimatedValue,
                               Double wonValue, String note, String preview) { }

    public record Example(String interactionId, Verdict verdict, String note, String preview) { }

    /**
     * @param wrongRate        (reviewed - confirmed) / reviewed
     * @param overturnRate     (overturned + wrong team) / reviewed
     * @param unnecessary      escalations the agent could have handled
     * @param estimatedMissed  the reviewers' estimates for missed opportunities
     * @param wonValue         what CRMs reported as won for these interactions
     */
    public record Cluster(String dimension, String value, int reviewed, int confirmed, int overturned, int wrongTeam,
                          int missedOpportunity, int unnecessary, double wrongRate, double overturnRate,
                          double missedOpportunityRate, double estimatedMissed, double wonValue,
                          List<Example> examples) {
        int wrong() {
            return reviewed - confirmed;
        }
    }

    private static final Map<String, Function<ReviewedCase, String>> DIMENSIONS = new LinkedHashMap<>();

    static {
        DIMENSIONS.put("intent", ReviewedCase::intent);
        DIMENSIONS.put("channel", ReviewedCase::channel);
        DIMENSIONS.put("routingOutcome", ReviewedCase::routingOutcome);
        DIMENSIONS.put("agentAction", ReviewedCase::agentAction);
        DIMENSIONS.put("noveltyBand", c -> noveltyBand(c.novelty()));
    }

    /** low below 0.4, medium below 0.7, high from 0.7 (novelty runs 0..1). */
    public static String noveltyBand(Double novelty) {
        if (novelty == null) {
            return null;
        }
        return novelty < 0.4 ? "low" : novelty < 0.7 ? "medium" : "high";
    }

    public static BlindSpotReport of(Instant from, Instant to, List<ReviewedCase> cases) {
        List<Cluster> clusters = new ArrayList<>();
        DIMENSIONS.forEach((dimension, key) -> {
            Map<String, List<ReviewedCase>> groups = new LinkedHashMap<>();
            for (ReviewedCase c : cases) {
                String value = key.apply(c);
                groups.computeIfAbsent(value == null || value.isBlank() ? "unknown" : value, k -> new ArrayList<>())
                        .add(c);
            }
            groups.forEach((value, members) -> clusters.add(cluster(dimension, value, members)));
        });
        clusters.sort(Comparator.comparingInt(Cluster::wrong).reversed()
                .thenComparing(Comparator.comparingDouble(Cluster::wrongRate).reversed())
                .thenComparing(Cluster::dimension).thenComparing(Cluster::value));
        return new BlindSpotReport(from, to, cases.size(), clusters);
    }

    private static Cluster cluster(String dimension, String value, List<ReviewedCase> members) {
        int confirmed = 0;
        int overturned = 0;
        int wrongTeam = 0;
        int missed = 0;
        int unnecessary = 0;
        double estimatedMissed = 0;
        double won = 0;
        for (ReviewedCase c : members) {
            switch (c.verdict()) {
                case CONFIRMED -> confirmed++;
                case OVERTURNED -> overturned++;
                case WRONG_TEAM -> wrongTeam++;
                case MISSED_OPPORTUNITY -> {
                    missed++;
                    estimatedMissed += c.estimatedValue() == null ? 0 : c.estimatedValue();
                }
                case UNNECESSARY -> unnecessary++;
            }
            won += c.wonValue() == null ? 0 : c.wonValue();
        }
        int n = members.size();
        // the wrong ones are the examples worth reading; confirmed ones only when nothing was wrong
        List<Example> examples = members.stream()
                .sorted(Comparator.comparing((ReviewedCase c) -> c.verdict() == Verdict.CONFIRMED)
                        .thenComparing(ReviewedCase::interactionId))
                .limit(EXAMPLES)
                .map(c -> new Example(c.interactionId(), c.verdict(), c.note(), c.preview()))
                .toList();
        return new Cluster(dimension, value, n, confirmed, overturned, wrongTeam, missed, unnecessary,
                rate(n - confirmed, n), rate(overturned + wrongTeam, n), rate(missed, n), estimatedMissed, won,
                examples);
    }

    private static double rate(int count, int of) {
        return of == 0 ? 0 : Math.round(10000.0 * count / of) / 10000.0;
    }

    /** One line per cluster; examples as their interactionIds separated by {@code ;}. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("dimension,value,reviewed,confirmed,overturned,wrongTeam,"
                + "missedOpportunity,unnecessary,wrongRate,overturnRate,missedOpportunityRate,estimatedMissed,wonValue,examples\n");
        for (Cluster c : clusters) {
            csv.append(String.join(",", cell(c.dimension()), cell(c.value()), String.valueOf(c.reviewed()),
                    String.valueOf(c.confirmed()), String.valueOf(c.overturned()), String.valueOf(c.wrongTeam()),
                    String.valueOf(c.missedOpportunity()), String.valueOf(c.unnecessary()),
                    String.valueOf(c.wrongRate()),
                    String.valueOf(c.overturnRate()), String.valueOf(c.missedOpportunityRate()),
                    String.valueOf(c.estimatedMissed()), String.valueOf(c.wonValue()),
                    cell(String.join(";", c.examples().stream().map(Example::interactionId).toList()))))
                    .append('\n');
        }
        return csv.toString();
    }

    /** RFC 4180 quoting, and a leading quote mark against spreadsheet formula injection. */
    static String cell(String value) {
        String safe = value == null ? "" : value;
        if (!safe.isEmpty() && "=+-@".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
