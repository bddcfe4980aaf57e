package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.InteractionClassified;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One rule: a stable id that decisions cite, conditions that must all hold, and an action.
 *
 * @param description optional; what the rule is for, in words
 * @param isDefault   the explicit last rule, without conditions
 * @param line        where the rule starts in its document
 */
public record PolicyRule(String id, String description, List<Condition> when, Action action, boolean isDefault,
                         int line) {

    public PolicyRule {
        when = List.copyOf(when);
    }

    public boolean applies(InteractionClassified c) {
        for (Condition condition : when) {
            if (!condition.test(c)) {
                return false;
            }
        }
        return true;
    }

    /** The rule as one line, e.g. {@code value ≥ 0.50 → ESCALATE($intent, P1)}. */
    public String describe() {
        String conditions = isDefault ? "default" : when.isEmpty() ? "always"
                : when.stream().map(Condition::describe).collect(Collectors.joining(" and "));
        return conditions + " → " + action.describe();
    }
}
