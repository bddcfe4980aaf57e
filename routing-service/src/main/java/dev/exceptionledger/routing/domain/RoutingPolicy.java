package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.ReasonCode;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.contracts.Violation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A validated policy document (see {@link #parse}): ordered rules, the first that applies decides, the
 * last is the explicit default. Every decision names its rule and the policy version, and explains itself with
 * the evidence, so a replay can say why and not only what.
 *
 * @param highValueMin          at or above this value score an interaction is high-value (reason HIGH_VALUE): the
 *                              suite's one high-value threshold (the classifier reports the score, not a judgement)
 * @param sla                   time to first human response per priority
 * @param discardIntents        the only intents a rule may discard
 * @param discardMinConfidence  the least confidence a discard rule must demand
 * @param document              the YAML the policy was read from, as stored and shown
 */
public record RoutingPolicy(String version, String defaultTeam, double highValueMin, Map<String, Duration> sla,
                            Set<String> discardIntents, double discardMinConfidence, List<PolicyRule> rules,
                            String document) {

    public RoutingPolicy {
        sla = Map.copyOf(sla);
        discardIntents = Set.copyOf(discardIntents);
        rules = List.copyOf(rules);
    }

    /**
     * The policy a YAML document describes: read by {@link PolicyParser}, its rules checked by
     * {@link PolicyGuardrails}.
     *
     * @throws InvalidPolicyException with every problem of both, so an author fixes a document in one round
     */
    public static RoutingPolicy parse(String yaml) {
        PolicyParser.Parsed parsed = PolicyParser.read(yaml);
        List<PolicyProblem> problems = new ArrayList<>(parsed.problems());
        problems.addAll(PolicyGuardrails.check(parsed));
        // in document order, so a rule's problems of form and of guardrails are read together
        problems.sort(Comparator.comparingInt(PolicyProblem::line));
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return parsed.policy();
    }

    /** The rule with that id; decisions name their rule by it. */
    public PolicyRule rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("policy " + version + " has no rule '" + id + "'"));
    }

    /**
     * Decides where the interaction goes; {@code now} starts the SLA clock.
     *
     * @throws InvalidClassificationException when the classification lacks what the rules need
     */
    public RoutingDecision decide(InteractionClassified c, Instant now) {
        List<Violation> violations = violations(c);
        if (!violations.isEmpty()) {
            throw new InvalidClassificationException(violations);
        }
        for (PolicyRule rule : rules) {
            if (rule.applies(c)) {
                return decision(rule, c, now);
            }
        }
        throw new IllegalStateException("the parser guarantees a default rule that applies to every interaction");
    }

    private RoutingDecision decision(PolicyRule rule, InteractionClassified c, Instant now) {
        Action action = rule.action();
        String because = " by rule " + rule.id() + ": " + evidence(rule, c) + unknownAgentAction(c);
        return switch (action.type()) {
            case AGENT -> new RoutingDecision(RoutingOutcome.AGENT_HANDLED, null, null, null, null, null,
                    List.of(ReasonCode.ROUTINE.name()), ReasonCode.ROUTINE.name(), rule.id(), version,
                    "Left to the agent" + because);
            case DISCARD -> new RoutingDecision(RoutingOutcome.DISCARDED, null, null, null, null, null,
                    List.of(ReasonCode.DISCARDABLE_INTENT.name()), action.reason(), rule.id(), version,
                    "Discarded (" + action.reason() + ")" + because);
            case ESCALATE, REROUTE -> {
                String team = Action.INTENT_TEAM.equals(action.team()) ? intentTeam(c) : action.team();
                Duration sla = action.sla() != null ? action.sla() : this.sla.get(action.priority());
                List<String> codes = reasonCodes(action, c);
                boolean reroute = action.type() == Action.Type.REROUTE;
                String fromTeam = reroute ? intentTeam(c) : null;
                String what = reroute ? "Rerouted from " + fromTeam + " to " + team : "Escalated to " + team;
                yield new RoutingDecision(reroute ? RoutingOutcome.REROUTED : RoutingOutcome.ESCALATED, team,
                        fromTeam, action.priority(), sla, now.plus(sla), codes, codes.get(0), rule.id(), version,
                        what + " (" + action.priority() + ")" + because);
            }
        };
    }

    /** The rule's own reason first, then NOVEL and HIGH_VALUE whenever they hold: a human should know both. */
    private List<String> reasonCodes(Action action, InteractionClassified c) {
        List<String> codes = new ArrayList<>();
        codes.add(action.reasonCode() == null ? ReasonCode.POLICY_RULE.name() : action.reasonCode().name());
        if (c.novel() && !codes.contains(ReasonCode.NOVEL.name())) {
            codes.add(ReasonCode.NOVEL.name());
        }
        if (c.valueScore() >= highValueMin && !codes.contains(ReasonCode.HIGH_VALUE.name())) {
            codes.add(ReasonCode.HIGH_VALUE.name());
        }
        return List.copyOf(codes);
    }

    /** Each condition with the interaction's actual value; the value's signals name what made it valuable. */
    private String evidence(PolicyRule rule, InteractionClassified c) {
        if (rule.when().isEmpty()) {
            return "no earlier rule applied (intent '" + c.intent() + "' at confidence "
                    + Condition.format(c.confidence()) + ")";
        }
        return rule.when().stream().map(condition -> condition.evidence(c)
                        + (condition.field() == Field.VALUE && c.valueScore() > 0 ? signals(c) : "")
                        + (condition.field() == Field.SIGNALS && condition.op() == Condition.Op.IN
                                ? matchedSignals(condition, c) : ""))
                .collect(Collectors.joining(", "));
    }

    /**
     * The evidence of the signals a {@code signals in [...]} condition found, e.g. the nearest past exception of
     * LIKE_PAST_EXCEPTIONS or the phrase of LEGAL_THREAT: the names alone do not say what the text holds.
     */
    private static String matchedSignals(Condition condition, InteractionClassified c) {
        Collection<?> wanted = (Collection<?>) condition.operand();
        String evidence = c.valueSignals() == null ? "" : c.valueSignals().stream()
                .filter(s -> s != null && s.name() != null && wanted.contains(s.name().toLowerCase(Locale.ROOT)))
                .map(ValueSignal::evidence)
                .filter(e -> e != null && !e.isBlank())
                .collect(Collectors.joining("; "));
        return evidence.isEmpty() ? "" : " (" + evidence + ")";
    }

    /** An agent's action the vocabulary does not know is itself a reason to look, whatever the rule decided. */
    private static String unknownAgentAction(InteractionClassified c) {
        return AgentActions.OTHER.equals(Field.AGENT_ACTION.of(c))
                ? "; the agent's action '" + Field.AGENT_ACTION_RAW.of(c) + "' is not one we know" : "";
    }

    private static String signals(InteractionClassified c) {
        String evidence = c.valueSignals() == null ? "" : c.valueSignals().stream()
                .filter(Objects::nonNull)
                .map(s -> s.evidence() == null || s.evidence().isBlank() ? s.name() : s.evidence())
                .filter(Objects::nonNull)
                .collect(Collectors.joining(", "));
        return evidence.isEmpty() ? "" : " (" + evidence + ")";
    }

    /** The intent's owner; a novel interaction's intent is only a guess, which is why rules may name a team. */
    private String intentTeam(InteractionClassified c) {
        return c.team() == null || c.team().isBlank() ? defaultTeam : c.team();
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
}
