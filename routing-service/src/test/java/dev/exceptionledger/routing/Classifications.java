package dev.exceptionledger.routing;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.ValueSignal;

import java.time.Instant;
import java.util.List;

/** Classifications for tests: a routine agent case to vary, and the seed's CFO case. */
public final class Classifications {

    private String intent = "password_reset";
    private double confidence = 0.92;
    private double novelty = 0.1;
    private boolean novel;
    private double valueScore = 0.05;
    private List<ValueSignal> signals = List.of();
    private boolean agentMayHandle = true;
    private String team = "support";
    private String agentAction = "answered";
    private String agentCanonicalAction;
    private Contact contact = new Contact("Pat Doe", "pat@example.com", "Office manager", "Small Co", 12);
    private String text = "I forgot my password, how do I reset it?";
    private String importId;
    private double agentConfidence = 0.9;

    private Classifications() { }

    /** A routine question the agent may answer, which it answered. */
    public static Classifications routine() {
        return new Classifications();
    }

    /** The seed: a CFO of an 800-person company asks off-form about an ERP integration, and the agent closed it. */
    public static InteractionClassified cfo() {
        return cfoCase().build();
    }

    /** The CFO case, to vary (e.g. the intent's team). */
    public static Classifications cfoCase() {
        Classifications c = new Classifications()
                .intent("integration_question", 0.81).team("sales").agentAction("closed")
                .value(0.8, new ValueSignal("SENIOR_ROLE", "title=CFO", 0.3),
                        new ValueSignal("LARGE_COMPANY", "companySize=800", 0.25),
                        new ValueSignal("BUYING_SIGNAL", "ERP", 0.25));
        c.contact = new Contact("Dana Smith", "dana@bigcorp.example", "CFO", "BigCorp", 800);
        c.text = "Quick one: does your product integrate with our ERP? We are evaluating options.";
        return c;
    }

    public Classifications intent(String intent, double confidence) {
        this.intent = intent;
        this.confidence = confidence;
        return this;
    }

    public Classifications novel(double novelty) {
        this.novelty = novelty;
        this.novel = true;
        return this;
    }

    public Classifications value(double valueScore, ValueSignal... signals) {
        this.valueScore = valueScore;
        this.signals = List.of(signals);
        return this;
    }

    /** The agent's confidence in its label (0.9 unless given). */
    public Classifications agentConfidence(double agentConfidence) {
        this.agentConfidence = agentConfidence;
        return this;
    }

    public Classifications agentMayHandle(boolean agentMayHandle) {
        this.agentMayHandle = agentMayHandle;
        return this;
    }

    public Classifications team(String team) {
        this.team = team;
        return this;
    }

    public Classifications contact(String title, Integer companySize) {
        this.contact = new Contact("Sam Lee", "sam@example.com", title, "Some Co", companySize);
        return this;
    }

    /** The agent's action as sent, not mapped by intake (as in older events): read by the shipped table. */
    public Classifications agentAction(String agentAction) {
        return agentAction(agentAction, null);
    }

    /** The agent's action as sent, and as intake mapped it. */
    public Classifications agentAction(String sent, String canonical) {
        this.agentAction = sent;
        this.agentCanonicalAction = canonical;
        return this;
    }

    /** Imported history (POST /imports on intake), not live traffic. */
    public Classifications imported(String importId) {
        this.importId = importId;
        return this;
    }

    public InteractionClassified build() {
        AgentDecision agent = agentAction == null && agentCanonicalAction == null ? null
                : new AgentDecision(intent, agentConfidence, agentAction, agentCanonicalAction);
        InteractionReceived received = new InteractionReceived("chat", null, text, contact, List.of(), agent,
                "ext-1", null, Instant.parse("2025-01-15T10:00:00Z"),
                importId == null ? null : Instant.parse("2024-11-02T08:00:00Z"), importId, importId == null ? null : 1L);
        return new InteractionClassified(intent, confidence, novelty, novel, valueScore, signals, agentMayHandle,
                team, false, List.of(), List.of(), "minilm-test", "taxonomy-test", received);
    }
}
