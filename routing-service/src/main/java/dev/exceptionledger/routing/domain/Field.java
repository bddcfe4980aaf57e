package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.ValueSignal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** What a rule's condition may test, by its name in the policy document. */
public enum Field {
    INTENT("intent", Kind.TEXT, InteractionClassified::intent),
    CONFIDENCE("confidence", Kind.NUMBER, InteractionClassified::confidence),
    NOVELTY("novelty", Kind.NUMBER, InteractionClassified::novelty),
    NOVEL("novel", Kind.BOOLEAN, InteractionClassified::novel),
    VALUE("value", Kind.NUMBER, InteractionClassified::valueScore),
    SIGNALS("signals", Kind.TEXT_LIST, c -> c.valueSignals() == null ? List.of() : c.valueSignals().stream()
            .filter(Objects::nonNull).map(ValueSignal::name).filter(Objects::nonNull).toList()),
    /** The agent's canonical action (contracts' AgentActions): resolved is closed, an unknown word other. */
    AGENT_ACTION("agentAction", Kind.TEXT, c -> agent(c).map(AgentDecision::canonical).orElse(null)),
    /** The agent's action in its own words, as sent. */
    AGENT_ACTION_RAW("agentActionRaw", Kind.TEXT, c -> agent(c).map(AgentDecision::action).orElse(null)),
    AGENT_LABEL("agentLabel", Kind.TEXT, c -> agent(c).map(AgentDecision::label).orElse(null)),
    /** The intent of the classifier's taxonomy that the agent's label names (none when it names none). */
    AGENT_INTENT("agentIntent", Kind.TEXT, c -> c.shadow() == null ? null : c.shadow().agentIntent()),
    AGENT_CONFIDENCE("agentConfidence", Kind.NUMBER, c -> agent(c).map(AgentDecision::confidence).orElse(null)),
    AGENT_DISAGREES("agentDisagrees", Kind.BOOLEAN, InteractionClassified::agentDisagrees),
    AGENT_MAY_HANDLE("agentMayHandle", Kind.BOOLEAN, InteractionClassified::agentMayHandle),
    CHANNEL("channel", Kind.TEXT, c -> c.interaction() == null ? null : c.interaction().channel()),
    CONTACT_TITLE("contactTitle", Kind.TEXT, c -> contact(c).map(Contact::title).orElse(null)),
    COMPANY("company", Kind.TEXT, c -> contact(c).map(Contact::company).orElse(null)),
    COMPANY_SIZE("companySize", Kind.NUMBER, c -> contact(c).map(Contact::companySize).orElse(null));

    /** How a field compares: numbers by order, text case-insensitively, a list by membership. */
    public enum Kind { NUMBER, BOOLEAN, TEXT, TEXT_LIST }

    private final String key;
    private final Kind kind;
    private final Function<InteractionClassified, Object> value;

    Field(String key, Kind kind, Function<InteractionClassified, Object> value) {
        this.key = key;
        this.kind = kind;
        this.value = value;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** The field's value, or null when the interaction lacks it (a missing value matches no condition). */
    public Object of(InteractionClassified c) {
        return value.apply(c);
    }

    /** The value as evidence shows it: the agent's canonical action with its own word when that differs. */
    String evidence(InteractionClassified c) {
        String shown = Condition.format(of(c));
        Object sent = this == AGENT_ACTION ? AGENT_ACTION_RAW.of(c) : null;
        return sent == null || shown.equalsIgnoreCase(sent.toString()) ? shown : shown + " ('" + sent + "')";
    }

    public static Optional<Field> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Field::key).toList();
    }

    private static Optional<AgentDecision> agent(InteractionClassified c) {
        return Optional.ofNullable(c.interaction()).map(InteractionReceived::agentDecision);
    }

    private static Optional<Contact> contact(InteractionClassified c) {
        return Optional.ofNullable(c.interaction()).map(InteractionReceived::contact);
    }
}
