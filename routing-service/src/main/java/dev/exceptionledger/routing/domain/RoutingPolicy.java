package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.Violation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The threshold policy: ordered rules, the first that applies decides. Every decision names its rule and the
 * policy version, and explains itself with the evidence, so a replay can say why and not only what.
 */
public final class RoutingPolicy {

    /** One rule: a stable id that decisions cite, a one-line description, and its route when it applies. */
    public record Rule(String id, String description, Function<InteractionClassified, Optional<Route>> route) { }

    /** A rule's verdict, before the policy adds the rule id, the version and the SLA deadline. */
    public record Route(RoutingOutcome outcome, String team, String priority, List<String> reasonCodes,
                        String reason, String explanation) { }

    private final PolicySettings settings;
    private final List<Rule> rules;

    public RoutingPolicy(PolicySettings settings) {
        this.settings = settings;
        String highValue = "value ≥ " + num(settings.highValueMin());
        String agentConfidence = num(settings.agentMinConfidence());
        this.rules = List.of(
                new Rule("discard-spam", "intent in " + new TreeSet<>(settings.discardIntents()) + " with confidence ≥ "
                        + num(settings.discardMinConfidence()) + ", not novel and value < "
                        + num(settings.highValueMin()) + " → DISCARDED", this::discardSpam),
                new Rule("agent-blind-spot", "the agent " + String.join("/", new TreeSet<>(settings.blindSpotActions()))
                        + " it, but it is novel or its " + highValue + " → ESCALATED P1 (AGENT_BLIND_SPOT) to the "
                        + "intent's team, or to " + settings.defaultTeam() + " when only novel", this::agentBlindSpot),
                new Rule("high-value", highValue + " → ESCALATED P1 (HIGH_VALUE) to the intent's team",
                        this::highValue),
                new Rule("novel", "novel → ESCALATED P2 (NOVEL) to " + settings.defaultTeam()
                        + ": its intent, and so the intent's team, is only a guess", this::novel),
                new Rule("agent-routine", "an intent the agent may handle with confidence ≥ " + agentConfidence
                        + " → AGENT_HANDLED", this::agentRoutine),
                new Rule("low-confidence", "an intent the agent may handle with confidence < " + agentConfidence
                        + " → ESCALATED P3 (LOW_CONFIDENCE) to the intent's team", this::lowConfidence),
                new Rule("default", "any other interaction, i.e. an intent the agent may not handle → ESCALATED P3 "
                        + "(POLICY_RULE) to the intent's team", this::byPolicy));
    }

    public PolicySettings settings() {
        return settings;
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Decides where the interaction goes; {@code now} starts the SLA clock.
     *
     * @throws InvalidClassificationException when the classification lacks what the rules need
     */
    public RoutingDecision decide(InteractionClassified classified, Instant now) {
        List<Violation> violations = violations(classified);
        if (!violations.isEmpty()) {
            throw new InvalidClassificationException(violations);
        }
        for (Rule rule : rules) {
            Optional<Route> route = rule.route().apply(classified);
            if (route.isPresent()) {
                Route r = route.get();
                Instant deadline = r.priority() == null ? null : now.plus(settings.sla().get(r.priority()));
                return new RoutingDecision(r.outcome(), r.team(), r.priority(), deadline, r.reasonCodes(), r.reason(),
                        rule.id(), settings.version(), r.explanation());
            }
        }
        throw new IllegalStateException("rule 'default' applies to every interaction");
    }

    private static List<Violation> violations(InteractionClassified c) {
        if (c == null) {
            return List.of(new Violation("body", "an InteractionClassified is required"));
        }
        List<Violation> violations = new ArrayList<>();
        if (c.intent() == null || c.intent().isBlank()) {
            violations.add(new Violation("intent", "is required"));
        }
        requireFraction(violations, "confidence", c.confidence());
        requireFraction(violations, "novelty", c.novelty());
        requireFraction(violations, "valueScore", c.valueScore());
        return violations;
    }

    private static void requireFraction(List<Violation> violations, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            violations.add(new Violation(field, "must be between 0 and 1, was " + value));
        }
    }

    private Optional<Route> discardSpam(InteractionClassified c) {
        if (!settings.discardIntents().contains(c.intent()) || c.confidence() < settings.discardMinConfidence()
                || c.novel() || isHighValue(c)) {
            return Optional.empty();
        }
        return Optional.of(new Route(RoutingOutcome.DISCARDED, null, null, List.of("DISCARDABLE_INTENT"), c.intent(),
                "Discarded as " + c.intent() + ": confidence " + num(c.confidence()) + " ≥ "
                        + num(settings.discardMinConfidence()) + ", not novel, value " + num(c.valueScore()) + " < "
                        + num(settings.highValueMin())));
    }

    private Optional<Route> agentBlindSpot(InteractionClassified c) {
        String action = agentAction(c);
        boolean highValue = isHighValue(c);
        if (action == null || !settings.blindSpotActions().contains(action) || !(c.novel() || highValue)) {
            return Optional.empty();
        }
        List<String> codes = new ArrayList<>(List.of("AGENT_BLIND_SPOT"));
        List<String> evidence = new ArrayList<>();
        if (c.novel()) {
            codes.add("NOVEL");
            evidence.add(novelty(c));
        }
        if (highValue) {
            codes.add("HIGH_VALUE");
            evidence.add(value(c));
        }
        // a high value names the team it matters to; novelty alone says the intent, and so its team, is a guess
        String team = highValue ? intentTeam(c) : settings.defaultTeam();
        return escalate(team, "P1", codes,
                "agent " + action + " it, but " + String.join(" and ", evidence));
    }

    private Optional<Route> highValue(InteractionClassified c) {
        return isHighValue(c) ? escalate(intentTeam(c), "P1", List.of("HIGH_VALUE"), value(c)) : Optional.empty();
    }

    private Optional<Route> novel(InteractionClassified c) {
        return c.novel()
                ? escalate(settings.defaultTeam(), "P2", List.of("NOVEL"), novelty(c) + ", like no known intent; "
                        + "closest '" + c.intent() + "' at confidence " + num(c.confidence()))
                : Optional.empty();
    }

    private Optional<Route> agentRoutine(InteractionClassified c) {
        if (!c.agentMayHandle() || c.confidence() < settings.agentMinConfidence()) {
            return Optional.empty();
        }
        return Optional.of(new Route(RoutingOutcome.AGENT_HANDLED, null, null, List.of("ROUTINE"), "ROUTINE",
                "Left to the agent: '" + c.intent() + "' is an agent intent and confidence " + num(c.confidence())
                        + " ≥ " + num(settings.agentMinConfidence())));
    }

    private Optional<Route> lowConfidence(InteractionClassified c) {
        return c.agentMayHandle()
                ? escalate(intentTeam(c), "P3", List.of("LOW_CONFIDENCE"), "'" + c.intent()
                        + "' is an agent intent, but confidence " + num(c.confidence()) + " < "
                        + num(settings.agentMinConfidence()))
                : Optional.empty();
    }

    private Optional<Route> byPolicy(InteractionClassified c) {
        return escalate(intentTeam(c), "P3", List.of("POLICY_RULE"), "'" + c.intent()
                + "' is not an intent the agent may handle (confidence " + num(c.confidence()) + ")");
    }

    private static Optional<Route> escalate(String team, String priority, List<String> codes, String why) {
        return Optional.of(new Route(RoutingOutcome.ESCALATED, team, priority, List.copyOf(codes), codes.get(0),
                "Escalated to " + team + " (" + priority + "): " + why));
    }

    private boolean isHighValue(InteractionClassified c) {
        return c.valueScore() >= settings.highValueMin();
    }

    private String intentTeam(InteractionClassified c) {
        return c.team() == null || c.team().isBlank() ? settings.defaultTeam() : c.team();
    }

    private String value(InteractionClassified c) {
        String evidence = c.valueSignals() == null ? "" : c.valueSignals().stream()
                .filter(Objects::nonNull)
                .map(s -> s.evidence() == null || s.evidence().isBlank() ? s.name() : s.evidence())
                .filter(Objects::nonNull)
                .collect(Collectors.joining(", "));
        return "value " + num(c.valueScore()) + " ≥ " + num(settings.highValueMin())
                + (evidence.isEmpty() ? "" : " (" + evidence + ")");
    }

    private static String novelty(InteractionClassified c) {
        return "it is novel (novelty " + num(c.novelty()) + ")";
    }

    private static String agentAction(InteractionClassified c) {
        if (c.interaction() == null || c.interaction().agentDecision() == null
                || c.interaction().agentDecision().action() == null) {
            return null;
        }
        return c.interaction().agentDecision().action().toLowerCase(Locale.ROOT);
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
