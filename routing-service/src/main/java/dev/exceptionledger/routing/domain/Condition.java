package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.InteractionClassified;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * One test of a rule's {@code when}: a field, an operator and its operand. Text compares case-insensitively;
 * a field the interaction lacks matches no condition.
 *
 * @param operand a Double for order operators, a Boolean or lower-case String for EQ, lower-case Strings for IN
 */
public record Condition(Field field, Op op, Object operand) {

    /** The operators, by their name in the document ({@code EQ} is written as a plain value). */
    public enum Op {
        EQ("=", null), IN("∈", "in"), NOT_IN("∉", "notIn"), GTE("≥", "gte"), GT(">", "gt"), LTE("≤", "lte"),
        LT("<", "lt");

        final String symbol;
        final String key;

        Op(String symbol, String key) {
            this.symbol = symbol;
            this.key = key;
        }

        public String key() {
            return key;
        }

        boolean ordering() {
            return this == GTE || this == GT || this == LTE || this == LT;
        }
    }

    public boolean test(InteractionClassified c) {
        Object actual = field.of(c);
        if (actual == null) {
            return false;
        }
        return switch (field.kind()) {
            case NUMBER -> compare(((Number) actual).doubleValue());
            case BOOLEAN -> operand.equals(actual);
            case TEXT -> matches(List.of(lower(actual)));
            case TEXT_LIST -> matches(((Collection<?>) actual).stream().map(Condition::lower).toList());
        };
    }

    private boolean compare(double actual) {
        double limit = (Double) operand;
        return switch (op) {
            case EQ -> actual == limit;
            case GTE -> actual >= limit;
            case GT -> actual > limit;
            case LTE -> actual <= limit;
            case LT -> actual < limit;
            case IN, NOT_IN -> throw new IllegalStateException("the parser allows no " + op + " on numbers");
        };
    }

    /** For text, the actual value as a one-element list; for a list field, any element may match. */
    private boolean matches(List<String> actual) {
        return switch (op) {
            case EQ -> actual.contains(operand);
            case IN -> actual.stream().anyMatch(((Collection<?>) operand)::contains);
            case NOT_IN -> actual.stream().noneMatch(((Collection<?>) operand)::contains);
            default -> throw new IllegalStateException("the parser allows no " + op + " on text");
        };
    }

    /** The condition as written, e.g. {@code value ≥ 0.50}. */
    public String describe() {
        if (operand instanceof Boolean b) {
            return b ? field.key() : "not " + field.key();
        }
        return field.key() + " " + op.symbol + " " + format(operand);
    }

    /** The evidence that the condition held, with the interaction's actual value, e.g. {@code value 0.80 ≥ 0.50}. */
    public String evidence(InteractionClassified c) {
        if (operand instanceof Boolean || op == Op.EQ) {
            return operand instanceof Boolean ? describe() : field.key() + " " + field.evidence(c);
        }
        return field.key() + " " + field.evidence(c) + " " + op.symbol + " " + format(operand);
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) > 1 ? String.valueOf(d.longValue())
                    : String.format(Locale.ROOT, "%.2f", d);
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(Condition::format).toList().toString();
        }
        return String.valueOf(value);
    }

    private static String lower(Object text) {
        return String.valueOf(text).toLowerCase(Locale.ROOT);
    }
}
