package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.ReasonCode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a policy document (YAML) into its parts, collecting EVERY problem of its form with its line and what to
 * change, so an author fixes a document in one round: syntax, unknown keys, missing or malformed values, rules
 * without conditions or action, actions missing what they need, rule ids used twice, and the explicit default rule
 * ({@code default: true}, no conditions) missing or not last. What the rules may do without a human is checked
 * by {@link PolicyGuardrails}; {@link RoutingPolicy#parse} runs both.
 */
final class PolicyParser {

    /**
     * A rule as far as it could be read (a condition it could not read is left out of its {@code when}, so the
     * guardrails still see everything else the rule says), and where it is in the document, e.g. {@code rules[3]}.
     */
    record RuleAt(String path, PolicyRule rule) { }

    /**
     * The document's {@code discard} section.
     *
     * @param minConfidence null when missing or malformed (a problem of the form)
     */
    record Discard(Set<String> intents, Double minConfidence) { }

    /**
     * A document as far as it could be read; a part it lacks or has malformed is null (or empty) and has a problem.
     *
     * @param discard  null when the document has no {@code discard} section
     * @param rules    the rules whose action could be read, in order, complete or not (a rule without a readable
     *                 action is left out)
     * @param problems the problems of the document's form; empty when it was read completely
     */
    record Parsed(String version, String defaultTeam, Double highValueMin, Map<String, Duration> sla,
                  Discard discard, List<RuleAt> rules, List<PolicyProblem> problems, String document) {

        /** The policy the document describes; only for a document read without problems. */
        RoutingPolicy policy() {
            return new RoutingPolicy(version, defaultTeam, highValueMin, sla,
                    discard == null ? Set.of() : discard.intents(),
                    discard == null || discard.minConfidence() == null ? 1 : discard.minConfidence(),
                    rules.stream().map(RuleAt::rule).toList(), document);
        }
    }

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> TOP_KEYS = Set.of("version", "description", "defaultTeam", "highValueMin",
            "sla", "discard", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "description", "when", "default", "then", "team",
            "priority", "sla", "reason", "reasonCode");

    private final List<PolicyProblem> problems = new ArrayList<>();
    /** Where each mapping starts, to place a problem about a key it lacks. */
    private final Map<Map<String, NodeTuple>, Integer> mappingLines = new java.util.IdentityHashMap<>();

    private PolicyParser() { }

    /** The document's parts and every problem of its form. */
    static Parsed read(String yaml) {
        return new PolicyParser().parsed(yaml);
    }

    private Parsed parsed(String yaml) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(new StringReader(yaml == null ? "" : yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problem(line, "", "not valid YAML: " + e.getProblem() + "; fix the syntax at this line");
            return unreadable(yaml);
        } catch (YAMLException e) {
            problem(0, "", "not valid YAML: " + e.getMessage());
            return unreadable(yaml);
        }
        if (!(root instanceof MappingNode)) {
            problem(root == null ? 0 : line(root), "", "a policy document is a mapping with version, defaultTeam, "
                    + "highValueMin, sla, discard and rules");
            return unreadable(yaml);
        }
        Map<String, NodeTuple> top = mapping((MappingNode) root, "", TOP_KEYS);
        String version = text(top, "version", "", true);
        if (version != null && !VERSION.matcher(version).matches()) {
            problem(line(top.get("version")), "version", "version '" + version + "' must be 1-64 letters, digits, "
                    + "dots, dashes or underscores, e.g. sales-2025-02");
        }
        String defaultTeam = text(top, "defaultTeam", "", true);
        Double highValueMin = fraction(top, "highValueMin", "", true);
        Map<String, Duration> sla = sla(top.get("sla"));
        Discard discard = discard(top.get("discard"));
        List<RuleAt> rules = rules(top.get("rules"), root, sla);
        return new Parsed(version, defaultTeam, highValueMin, sla, discard, rules, List.copyOf(problems), yaml);
    }

    private Parsed unreadable(String yaml) {
        return new Parsed(null, null, null, Map.of(), null, List.of(), List.copyOf(problems), yaml);
    }

    private Discard discard(NodeTuple discard) {
        if (discard == null) {
            return null;
        }
        Set<String> intents = new HashSet<>();
        Double minConfidence = null;
        if (expect(discard.getValueNode(), MappingNode.class, "discard", "a mapping with intents and minConfidence")) {
            Map<String, NodeTuple> d = mapping((MappingNode) discard.getValueNode(), "discard",
                    Set.of("intents", "minConfidence"));
            if (d.containsKey("intents")) {
                intents.addAll(texts(d.get("intents"), "discard.intents"));
            } else {
                problem(line(discard), "discard.intents", "discard.intents is missing: list the intents rules may "
                        + "discard, e.g. `intents: [spam]`");
            }
            minConfidence = fraction(d, "minConfidence", "discard.", true);
        }
        return new Discard(intents, minConfidence);
    }

    private Map<String, Duration> sla(NodeTuple tuple) {
        Map<String, Duration> sla = new TreeMap<>();
        if (tuple == null) {
            problem(1, "sla", "sla is missing: add e.g. `sla: {P1: PT1H, P2: PT4H, P3: PT24H}`");
            return sla;
        }
        if (!expect(tuple.getValueNode(), MappingNode.class, "sla", "a mapping of priority to ISO-8601 duration")) {
            return sla;
        }
        for (NodeTuple entry : ((MappingNode) tuple.getValueNode()).getValue()) {
            String priority = scalar(entry.getKeyNode());
            duration(entry.getValueNode(), "sla." + priority).ifPresent(d -> sla.put(priority, d));
        }
        if (sla.isEmpty() && problems.isEmpty()) {
            problem(line(tuple), "sla", "sla names no priority: add e.g. `P1: PT1H`");
        }
        return sla;
    }

    private List<RuleAt> rules(NodeTuple tuple, Node root, Map<String, Duration> sla) {
        List<RuleAt> rules = new ArrayList<>();
        if (tuple == null) {
            problem(line(root), "rules", "rules are missing: add a list of rules ending with a `default: true` rule");
            return rules;
        }
        if (!expect(tuple.getValueNode(), SequenceNode.class, "rules", "a list of rules")) {
            return rules;
        }
        List<Node> items = ((SequenceNode) tuple.getValueNode()).getValue();
        Set<String> ids = new HashSet<>();
        boolean hasDefault = false;
        for (int i = 0; i < items.size(); i++) {
            String path = "rules[" + i + "]";
            Node item = items.get(i);
            hasDefault |= item instanceof MappingNode m && m.getValue().stream().anyMatch(t ->
                    "default".equals(scalar(t.getKeyNode())) && "true".equalsIgnoreCase(scalar(t.getValueNode())));
            if (!expect(item, MappingNode.class, path, "a mapping with id, when and then")) {
                continue;
            }
            Optional<RuleAt> read = rule((MappingNode) item, path, sla);
            if (read.isEmpty()) {
                continue;
            }
            PolicyRule r = read.get().rule();
            if (r.id() != null && !ids.add(r.id())) {
                problem(r.line(), path + ".id", "rule id '" + r.id() + "' is used twice: decisions cite rule ids, "
                        + "give this rule another id");
            }
            if (r.isDefault() && i != items.size() - 1) {
                problem(r.line(), path, "the default rule '" + r.id() + "' applies to everything, so the "
                        + (items.size() - 1 - i) + " rule(s) after it can never apply: move it to the end");
            }
            rules.add(read.get());
        }
        if (!hasDefault) {
            problem(line(tuple.getValueNode()), "rules", "there is no default rule: add a last rule with "
                    + "`default: true` that ESCALATEs or REROUTEs what no other rule decides");
        }
        return rules;
    }

    /** The rule as far as it reads; empty when its action cannot be read, as then no guardrail applies to it. */
    private Optional<RuleAt> rule(MappingNode node, String path, Map<String, Duration> sla) {
        Map<String, NodeTuple> r = mapping(node, path, RULE_KEYS);
        String id = text(r, "id", path + ".", true);
        String where = "rule '" + (id == null ? path : id) + "'";
        String description = text(r, "description", path + ".", false);
        boolean isDefault = r.containsKey("default") && bool(r.get("default").getValueNode(), path + ".default");
        List<Condition> when = new ArrayList<>();
        if (r.containsKey("when")) {
            if (isDefault) {
                problem(line(r.get("when")), path + ".when", "the default " + where + " applies to every "
                        + "interaction: remove its `when`, or remove `default: true` and add a default rule");
            } else if (expect(r.get("when").getValueNode(), MappingNode.class, path + ".when",
                    "a mapping of field to condition")) {
                for (NodeTuple c : ((MappingNode) r.get("when").getValueNode()).getValue()) {
                    when.addAll(conditions(c, path + ".when"));
                }
            }
        } else if (!isDefault) {
            problem(line(node), path, where + " has no `when`: add conditions, or `default: true` if it is the "
                    + "default rule");
        }
        Action action = action(r, path, where, line(node), sla);
        if (action == null) {
            return Optional.empty();
        }
        return Optional.of(new RuleAt(path, new PolicyRule(id, description, when, action, isDefault, line(node))));
    }

    private Action action(Map<String, NodeTuple> r, String path, String where, int ruleLine,
                          Map<String, Duration> sla) {
        String then = text(r, "then", path + ".", false);
        if (then == null) {
            problem(ruleLine, path + ".then", where + " has no action: add `then:` AGENT, ESCALATE, REROUTE or "
                    + "DISCARD");
            return null;
        }
        Action.Type type;
        try {
            type = Action.Type.valueOf(then.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(line(r.get("then")), path + ".then", where + ": unknown action '" + then
                    + "'; use AGENT, ESCALATE, REROUTE or DISCARD");
            return null;
        }
        String team = text(r, "team", path + ".", false);
        String priority = text(r, "priority", path + ".", false);
        Duration ruleSla = r.containsKey("sla") ? duration(r.get("sla").getValueNode(), path + ".sla").orElse(null)
                : null;
        String reason = text(r, "reason", path + ".", false);
        ReasonCode reasonCode = reasonCode(r, path, where);
        int at = line(r.get("then"));
        switch (type) {
            case ESCALATE, REROUTE -> {
                if (team == null) {
                    problem(at, path + ".team", where + " " + type + "s without a team: add `team:` a team name, "
                            + "or $intent for the team owning the intent");
                }
                if (priority == null && type == Action.Type.REROUTE) {
                    priority = "P3";
                }
                if (priority == null) {
                    problem(at, path + ".priority", where + " ESCALATEs without a priority: add `priority:` one of "
                            + sla.keySet());
                } else if (ruleSla == null && !sla.containsKey(priority)) {
                    problem(line(r.getOrDefault("priority", r.get("then"))), path + ".priority", where
                            + ": priority " + priority + " has no SLA: add it to `sla` or use one of " + sla.keySet());
                }
                if (reason != null) {
                    problem(line(r.get("reason")), path + ".reason", where + ": `reason` is for DISCARD; use "
                            + "`reasonCode` for a handoff's reason code");
                }
            }
            case DISCARD -> {
                if (reason == null) {
                    problem(at, path + ".reason", where + " DISCARDs without a reason: add `reason:` e.g. spam");
                }
                if (team != null || priority != null || reasonCode != null || ruleSla != null) {
                    problem(at, path, where + ": a DISCARD has only a `reason`; remove team/priority/sla/reasonCode");
                }
            }
            case AGENT -> {
                if (team != null || priority != null || reason != null || reasonCode != null || ruleSla != null) {
                    problem(at, path, where + ": AGENT takes no arguments; remove team/priority/sla/reason/reasonCode");
                }
            }
        }
        return new Action(type, team, priority, ruleSla, reason, reasonCode);
    }

    private ReasonCode reasonCode(Map<String, NodeTuple> r, String path, String where) {
        String code = text(r, "reasonCode", path + ".", false);
        if (code == null) {
            return null;
        }
        try {
            return ReasonCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            problem(line(r.get("reasonCode")), path + ".reasonCode", where + ": unknown reasonCode '" + code
                    + "'; use one of " + Arrays.toString(ReasonCode.values()));
            return null;
        }
    }

    /**
     * A field's conditions: one for a value, one per operator of a mapping, all of which must hold
     * (`confidence: {gte: 0.4, lt: 0.6}`, `signals: {in: [OTHER_LANGUAGE], notIn: [DATA_LOSS]}`).
     */
    private List<Condition> conditions(NodeTuple tuple, String path) {
        String key = scalar(tuple.getKeyNode());
        int at = line(tuple);
        Optional<Field> field = Field.byKey(key);
        if (field.isEmpty()) {
            problem(at, path + "." + key, "unknown field '" + key + "' in a condition; "
                    + Nearest.hint(key, Field.keys()) + "use one of " + Field.keys());
            return List.of();
        }
        Field f = field.get();
        Node value = tuple.getValueNode();
        if (!(value instanceof MappingNode m)) {
            return operand(f, Condition.Op.EQ, value, path + "." + key).stream().toList();
        }
        if (m.getValue().isEmpty()) {
            problem(at, path + "." + key, "no operator: write e.g. `" + key + ": {gte: 0.5}`");
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>();
        for (NodeTuple op : m.getValue()) {
            String opKey = scalar(op.getKeyNode());
            Optional<Condition.Op> operator = Arrays.stream(Condition.Op.values())
                    .filter(o -> opKey.equals(o.key())).findFirst();
            if (operator.isEmpty()) {
                problem(at, path + "." + key, "unknown operator '" + opKey + "'; " + Nearest.hint(opKey,
                        List.of("in", "notIn", "gte", "gt", "lte", "lt")) + "use in, notIn, gte, gt, lte or lt");
            } else {
                operand(f, operator.get(), op.getValueNode(), path + "." + key).ifPresent(conditions::add);
            }
        }
        return conditions;
    }

    private Optional<Condition> operand(Field field, Condition.Op op, Node value, String path) {
        int at = line(value);
        boolean number = field.kind() == Field.Kind.NUMBER;
        if (op.ordering() && !number) {
            problem(at, path, field.key() + " is not a number: compare it with a value, in or notIn");
            return Optional.empty();
        }
        if ((op == Condition.Op.IN || op == Condition.Op.NOT_IN) && (number || field.kind() == Field.Kind.BOOLEAN)) {
            problem(at, path, field.key() + " cannot be compared with " + op.key() + ": use gte/gt/lte/lt or a value");
            return Optional.empty();
        }
        if (op == Condition.Op.IN || op == Condition.Op.NOT_IN) {
            List<String> texts = texts(new NodeTuple(value, value), path);
            return texts.isEmpty() || !canonicalActions(field, texts, at, path) ? Optional.empty() : Optional.of(
                    new Condition(field, op, texts.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList()));
        }
        String text = scalar(value);
        if (text == null) {
            problem(at, path, "expected a value");
            return Optional.empty();
        }
        switch (field.kind()) {
            case NUMBER -> {
                try {
                    return Optional.of(new Condition(field, op, Double.parseDouble(text)));
                } catch (NumberFormatException e) {
                    problem(at, path, field.key() + " compares numbers: '" + text + "' is not one");
                    return Optional.empty();
                }
            }
            case BOOLEAN -> {
                return Optional.of(new Condition(field, op, bool(value, path)));
            }
            default -> {
                return canonicalActions(field, List.of(text), at, path)
                        ? Optional.of(new Condition(field, op, text.toLowerCase(Locale.ROOT))) : Optional.empty();
            }
        }
    }

    /** agentAction holds canonical actions only: any other word would never match, so it is a mistake. */
    private boolean canonicalActions(Field field, List<String> texts, int at, String path) {
        if (field != Field.AGENT_ACTION) {
            return true;
        }
        List<String> unknown = texts.stream()
                .filter(t -> !AgentActions.CANONICAL.contains(t.toLowerCase(Locale.ROOT))).toList();
        if (!unknown.isEmpty()) {
            problem(at, path, "agentAction is the agent's canonical action, one of " + AgentActions.CANONICAL
                    + "; " + unknown + " never match: use one of those, or agentActionRaw for the agent's own words");
        }
        return unknown.isEmpty();
    }

    private Map<String, NodeTuple> mapping(MappingNode node, String path, Set<String> allowed) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            String key = scalar(tuple.getKeyNode());
            if (!allowed.contains(key)) {
                problem(line(tuple), path.isEmpty() ? key : path + "." + key, "unknown key '" + key + "'; "
                        + Nearest.hint(key, allowed) + "expected one of " + new java.util.TreeSet<>(allowed));
            } else {
                entries.put(key, tuple);
            }
        }
        mappingLines.put(entries, line(node));
        return entries;
    }

    private String text(Map<String, NodeTuple> map, String key, String prefix, boolean required) {
        NodeTuple tuple = map.get(key);
        if (tuple == null) {
            if (required) {
                problem(mappingLines.getOrDefault(map, 0), prefix + key, prefix + key + " is missing: add `" + key + ":`");
            }
            return null;
        }
        String text = scalar(tuple.getValueNode());
        if (text == null || text.isBlank()) {
            problem(line(tuple), prefix + key, prefix + key + " must be a non-empty text");
            return null;
        }
        return text;
    }

    private List<String> texts(NodeTuple tuple, String path) {
        Node node = tuple.getValueNode();
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(line(node), path, path + " must be a non-empty list, e.g. `[spam, test]`");
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (Node item : seq.getValue()) {
            String text = scalar(item);
            if (text == null || text.isBlank()) {
                problem(line(item), path, path + " must list non-empty texts");
            } else {
                texts.add(text);
            }
        }
        return texts;
    }

    private Double fraction(Map<String, NodeTuple> map, String key, String prefix, boolean required) {
        String text = text(map, key, prefix, required);
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && value <= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(line(map.get(key)), prefix + key, prefix + key + " must be a number between 0 and 1, was '" + text
                + "'");
        return null;
    }

    private Optional<Duration> duration(Node node, String path) {
        String text = scalar(node);
        try {
            Duration d = Duration.parse(String.valueOf(text));
            if (!d.isNegative() && !d.isZero()) {
                return Optional.of(d);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problem(line(node), path, path + " must be a positive ISO-8601 duration, e.g. PT4H or PT30M, was '" + text
                + "'");
        return Optional.empty();
    }

    private boolean bool(Node node, String path) {
        String text = scalar(node);
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.parseBoolean(text);
        }
        problem(line(node), path, path + " must be true or false, was '" + text + "'");
        return false;
    }

    private boolean expect(Node node, Class<? extends Node> kind, String path, String what) {
        if (kind.isInstance(node)) {
            return true;
        }
        problem(line(node), path, path + " must be " + what);
        return false;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private static int line(NodeTuple tuple) {
        return line(tuple.getKeyNode());
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private void problem(int line, String path, String message) {
        problems.add(new PolicyProblem(line, path, message));
    }
}
