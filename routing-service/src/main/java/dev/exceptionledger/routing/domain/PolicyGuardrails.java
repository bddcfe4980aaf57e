package dev.exceptionledger.routing.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a policy's rules may do without a human, checked on the rules as written, so a policy that violates a
 * guardrail is never active:
 * <ul>
 *   <li>a rule that leaves an interaction to the agent or discards it must exclude novel interactions
 *       ({@code novel: false}) and high-value ones ({@code value: {lt: x}} with x ≤ highValueMin);</li>
 *   <li>a discard rule must restrict {@code intent} to the intents {@code discard.intents} lists and demand at
 *       least {@code discard.minConfidence};</li>
 *   <li>the default rule hands to a human.</li>
 * </ul>
 * A threshold the document lacks or has malformed is a problem of its form ({@link PolicyParser}), not checked here.
 */
final class PolicyGuardrails {

    private PolicyGuardrails() { }

    /**
     * Every guardrail the document's rules violate, rule by rule; empty when none. A rule with problems of its form
     * is checked as far as it was read, so its author learns everything it lacks in one round.
     */
    static List<PolicyProblem> check(PolicyParser.Parsed policy) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (PolicyParser.RuleAt at : policy.rules()) {
            check(at.rule(), at.path(), policy, problems);
        }
        return problems;
    }

    private static void check(PolicyRule rule, String path, PolicyParser.Parsed policy, List<PolicyProblem> problems) {
        Action action = rule.action();
        if (!action.withoutHuman()) {
            return;
        }
        String does = action.type() == Action.Type.AGENT ? "leave" : "discard";
        String where = where(rule, path);
        if (rule.isDefault()) {
            problems.add(new PolicyProblem(rule.line(), path + ".then", "the default " + where + " would " + does
                    + " every interaction no other rule decides, novel and high-value ones included: make it "
                    + "ESCALATE or REROUTE"));
            return;
        }
        boolean excludesNovel = rule.when().stream().anyMatch(c -> c.field() == Field.NOVEL
                && c.op() == Condition.Op.EQ && Boolean.FALSE.equals(c.operand()));
        if (!excludesNovel) {
            problems.add(new PolicyProblem(rule.line(), path + ".when", where + " could " + does + " a novel "
                    + "interaction: add `novel: false` to its `when`"));
        }
        Double highValueMin = policy.highValueMin();
        if (highValueMin != null) {
            boolean excludesHighValue = rule.when().stream().anyMatch(c -> c.field() == Field.VALUE
                    && (c.op() == Condition.Op.LT && (Double) c.operand() <= highValueMin
                    || c.op() == Condition.Op.LTE && (Double) c.operand() < highValueMin));
            if (!excludesHighValue) {
                problems.add(new PolicyProblem(rule.line(), path + ".when", where + " could " + does
                        + " a high-value interaction: add `value: {lt: " + Condition.format(highValueMin)
                        + "}` (the policy's highValueMin) to its `when`"));
            }
        }
        if (action.type() == Action.Type.DISCARD) {
            checkDiscard(rule, path, policy.discard(), problems);
        }
    }

    private static void checkDiscard(PolicyRule rule, String path, PolicyParser.Discard discard,
                                     List<PolicyProblem> problems) {
        String where = where(rule, path);
        if (discard == null) {
            problems.add(new PolicyProblem(rule.line(), path, where + " discards, but the policy lists no "
                    + "discardable intents: add `discard: {intents: [...], minConfidence: 0.9}`"));
            return;
        }
        List<String> allowed = discard.intents().stream().map(i -> i.toLowerCase(Locale.ROOT)).sorted().toList();
        Optional<Condition> intent = rule.when().stream().filter(c -> c.field() == Field.INTENT
                && (c.op() == Condition.Op.IN || c.op() == Condition.Op.EQ)).findFirst();
        List<?> intents = intent.map(c -> c.operand() instanceof List<?> l ? l : List.of(c.operand()))
                .orElse(List.of());
        if (intent.isEmpty() || !allowed.containsAll(intents)) {
            List<Object> extra = new ArrayList<>(intents);
            extra.removeAll(allowed);
            problems.add(new PolicyProblem(rule.line(), path + ".when.intent", where + " may discard "
                    + (intent.isEmpty() ? "any intent" : "intents not in discard.intents " + extra)
                    + ": restrict it with `intent: {in: " + allowed + "}`"
                    + (extra.isEmpty() ? "" : " or add them to discard.intents")));
        }
        Double minConfidence = discard.minConfidence();
        if (minConfidence != null) {
            boolean sureEnough = rule.when().stream().anyMatch(c -> c.field() == Field.CONFIDENCE
                    && (c.op() == Condition.Op.GTE || c.op() == Condition.Op.GT)
                    && (Double) c.operand() >= minConfidence);
            if (!sureEnough) {
                problems.add(new PolicyProblem(rule.line(), path + ".when.confidence", where + " may discard below "
                        + "the confidence the policy demands: add `confidence: {gte: "
                        + Condition.format(minConfidence) + "}` (discard.minConfidence) or higher to its `when`"));
            }
        }
    }

    private static String where(PolicyRule rule, String path) {
        return "rule '" + (rule.id() == null ? path : rule.id()) + "'";
    }
}
