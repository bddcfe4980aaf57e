package dev.exceptionledger.routing.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Precision learnt from reviewers: where they judged enough of a rule's escalations of one intent UNNECESSARY, a
 * candidate policy that leaves that intent to the agent just before the rule (known and low-value only, so it passes
 * the guardrails). Nothing here activates anything: an admin backtests the candidate and activates it.
 */
public final class PolicySuggestions {

    public static final String UNNECESSARY = "UNNECESSARY";
    /** The most unnecessary verdicts a suggestion lists as its evidence. */
    public static final int LISTED = 20;

    /** Names safe as plain YAML scalars and in a rule id. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^version:.*$");
    private static final Pattern LIST_ITEM = Pattern.compile("^(\\s*)-(\\s|$).*");
    private static final int MAX_VERSION = 64;

    private PolicySuggestions() { }

    /** A reviewer's current verdict (a correction replaces what it corrects) on a decision of the active policy. */
    public record ReviewedDecision(String reviewId, String verdict, String ruleId, String intent, Instant reviewedAt,
                                   String note) { }

    public record Unnecessary(String reviewId, Instant reviewedAt, String note) { }

    /**
     * @param verdicts    the pair's reviewed decisions by verdict
     * @param share       unnecessary / reviewed
     * @param listed      the latest unnecessary verdicts, at most {@link #LISTED}
     * @param candidate   the active document with the learned rule and {@code version}; null when it could not be
     *                    built, with the reason in {@code candidateProblem}
     */
    public record Suggestion(String ruleId, String intent, String learnedRuleId, int unnecessary, int reviewed,
                             double share, Map<String, Integer> verdicts, List<Unnecessary> listed, String version,
                             String candidate, String candidateProblem) { }

    /**
     * A suggestion for each (rule, intent) of {@code active}'s handing-off rules with at least {@code minUnnecessary}
     * UNNECESSARY verdicts making at least {@code minShare} of its reviewed decisions; the most unnecessary first.
     *
     * @param reviewed     current verdicts on decisions made under {@code active}
     * @param versionTaken whether a version is stored already: a candidate gets a version of its own
     */
    public static List<Suggestion> of(RoutingPolicy active, List<ReviewedDecision> reviewed, int minUnnecessary,
                                      double minShare, Predicate<String> versionTaken) {
        record Pair(String ruleId, String intent) { }
        Map<Pair, List<ReviewedDecision>> pairs = reviewed.stream()
                .filter(r -> r.ruleId() != null && r.intent() != null)
                .collect(Collectors.groupingBy(r -> new Pair(r.ruleId(), r.intent())));
        record Found(String ruleId, String intent, List<ReviewedDecision> decisions, int unnecessary) { }
        List<Found> found = new ArrayList<>();
        pairs.forEach((pair, decisions) -> {
            int unnecessary = (int) decisions.stream().filter(d -> UNNECESSARY.equals(d.verdict())).count();
            if (unnecessary >= minUnnecessary && unnecessary >= minShare * decisions.size()
                    && handsOff(active, pair.ruleId()) && !hasRule(active, learnedRuleId(pair.intent(), pair.ruleId()))) {
                found.add(new Found(pair.ruleId(), pair.intent(), decisions, unnecessary));
            }
        });
        found.sort(Comparator.comparingInt(Found::unnecessary).reversed().thenComparing(Found::ruleId)
                .thenComparing(Found::intent));

        List<Suggestion> suggestions = new ArrayList<>();
        int n = 0;
        for (Found f : found) {
            String version;
            do {
                version = suggestedVersion(active.version(), ++n);
            } while (versionTaken.test(version));
            suggestions.add(suggestion(active, f.ruleId(), f.intent(), f.decisions(), f.unnecessary(), version));
        }
        return suggestions;
    }

    private static Suggestion suggestion(RoutingPolicy active, String ruleId, String intent,
                                         List<ReviewedDecision> decisions, int unnecessary, String version) {
        Map<String, Integer> verdicts = new TreeMap<>();
        decisions.forEach(d -> verdicts.merge(d.verdict(), 1, Integer::sum));
        List<Unnecessary> listed = decisions.stream().filter(d -> UNNECESSARY.equals(d.verdict()))
                .sorted(Comparator.comparing(ReviewedDecision::reviewedAt,
                        Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(ReviewedDecision::reviewId))
                .limit(LISTED)
                .map(d -> new Unnecessary(d.reviewId(), d.reviewedAt(), d.note()))
                .toList();
        String candidate = null;
        String problem = null;
        try {
            candidate = candidate(active, ruleId, intent, unnecessary, version);
            RoutingPolicy.parse(candidate);
        } catch (IllegalArgumentException e) {
            candidate = null;
            problem = e.getMessage();
        }
        double share = Math.round(10000.0 * unnecessary / decisions.size()) / 10000.0;
        return new Suggestion(ruleId, intent, learnedRuleId(intent, ruleId), unnecessary, decisions.size(), share,
                verdicts, listed, version, candidate, problem);
    }

    public static String learnedRuleId(String intent, String ruleId) {
        return "learned-" + intent + "-before-" + ruleId;
    }

    /** {@code <active version>-suggested.<n>}, the active version shortened if the whole would be too long. */
    static String suggestedVersion(String activeVersion, int n) {
        String suffix = "-suggested." + n;
        String base = activeVersion.length() + suffix.length() > MAX_VERSION
                ? activeVersion.substring(0, MAX_VERSION - suffix.length()) : activeVersion;
        return base + suffix;
    }

    /**
     * The active document, edited as little as possible so its comments and layout survive: the learned AGENT rule's
     * lines inserted just before rule {@code ruleId}, at its indentation, and the version line replaced.
     *
     * @throws IllegalArgumentException when the document cannot be edited that way (names unsafe in plain YAML, a
     *                                  flow-style document or rules list)
     */
    public static String candidate(RoutingPolicy active, String ruleId, String intent, int unnecessary,
                                   String version) {
        if (!NAME.matcher(intent).matches() || !NAME.matcher(ruleId).matches()) {
            throw new IllegalArgumentException("intent '" + intent + "' or rule id '" + ruleId
                    + "' is not a plain name: write the rule by hand");
        }
        PolicyRule rule = active.rules().stream().filter(r -> r.id().equals(ruleId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the active policy has no rule '" + ruleId + "'"));
        List<String> lines = new ArrayList<>(List.of(active.document().split("\n", -1)));
        int item = listItemLine(lines, rule.line() - 1)
                .orElseThrow(() -> new IllegalArgumentException("rule '" + ruleId + "' is not a block list item"));
        String line = lines.get(item);
        String indent = line.substring(0, line.indexOf('-'));
        String highValueMin = BigDecimal.valueOf(active.highValueMin()).stripTrailingZeros().toPlainString();
        lines.addAll(item, List.of(
                indent + "- id: " + learnedRuleId(intent, ruleId),
                indent + "  description: learned from " + unnecessary + " escalations of " + intent + " by rule "
                        + ruleId + " that reviewers judged UNNECESSARY under policy " + active.version(),
                indent + "  when:",
                indent + "    intent: " + intent,
                indent + "    novel: false",
                indent + "    value: {lt: " + highValueMin + "}",
                indent + "  then: AGENT"));
        String document = String.join("\n", lines);
        Matcher versionLine = VERSION_LINE.matcher(document);
        if (!versionLine.find()) {
            throw new IllegalArgumentException("the active document has no top-level `version:` line");
        }
        return versionLine.replaceFirst("version: " + version);
    }

    /** The line starting the list item whose mapping starts at {@code line}: that line, or a lone dash above it. */
    private static Optional<Integer> listItemLine(List<String> lines, int line) {
        if (line >= 0 && line < lines.size() && LIST_ITEM.matcher(lines.get(line)).matches()) {
            return Optional.of(line);
        }
        if (line >= 1 && lines.get(line - 1).strip().equals("-")) {
            return Optional.of(line - 1);
        }
        return Optional.empty();
    }

    /** Only a rule that hands to a human escalates; a REROUTE by a reviewer ({@code review-verdict}) is no rule. */
    private static boolean handsOff(RoutingPolicy active, String ruleId) {
        return active.rules().stream().anyMatch(r -> r.id().equals(ruleId) && !r.action().withoutHuman());
    }

    /** A learned rule already there covers what it can: the rest (novel or high-value) stays with humans. */
    private static boolean hasRule(RoutingPolicy active, String ruleId) {
        return active.rules().stream().anyMatch(r -> r.id().equals(ruleId));
    }
}
