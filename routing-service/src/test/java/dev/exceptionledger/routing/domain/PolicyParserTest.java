package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.ReasonCode;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.routing.Classifications;
import dev.exceptionledger.routing.Policies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static dev.exceptionledger.routing.Classifications.routine;
import static dev.exceptionledger.routing.Policies.ESCALATE_DEFAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyParserTest {

    private static final Instant NOW = Instant.parse("2025-01-15T10:00:00Z");

    /** The problems of the document's form; none of these documents breaks a guardrail. */
    private static List<PolicyProblem> problems(String yaml) {
        PolicyParser.Parsed parsed = PolicyParser.read(yaml);
        assertEquals(List.of(), PolicyGuardrails.check(parsed), "no guardrail problem");
        return parsed.problems();
    }

    @Test
    void acceptsTheShippedDefault() {
        assertEquals(List.of(), problems(Policies.shippedDefaultDocument()));
    }

    @Test
    void decidesWithEachActionType() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.withRules("actions-1", """
              - id: junk
                when: {intent: {in: [spam]}, confidence: {gte: 0.95}, novel: false, value: {lt: 0.5}}
                then: DISCARD
                reason: obvious spam
              - id: renewals-to-accounts
                when: {intent: contract_renewal}
                then: REROUTE
                team: account-management
              - id: big-companies
                when: {companySize: {gte: 500}, signals: {in: [BUYING_SIGNAL]}}
                then: ESCALATE
                team: enterprise-sales
                priority: P1
                sla: PT15M
                reasonCode: HIGH_VALUE
              - id: agent
                when: {agentMayHandle: true, channel: {notIn: [phone]}, novel: false, value: {lte: 0.3}}
                then: AGENT
            """ + ESCALATE_DEFAULT));

        RoutingDecision discard = policy.decide(routine().intent("spam", 0.97).build(), NOW);
        assertEquals(RoutingOutcome.DISCARDED, discard.outcome());
        assertEquals("obvious spam", discard.reason());

        RoutingDecision reroute = policy.decide(routine().intent("contract_renewal", 0.8).team("support")
                .agentMayHandle(false).build(), NOW);
        assertEquals(RoutingOutcome.REROUTED, reroute.outcome());
        assertEquals("account-management", reroute.team());
        assertEquals("support", reroute.fromTeam());
        assertEquals("P3", reroute.priority());
        assertEquals("Rerouted from support to account-management (P3) by rule renewals-to-accounts: "
                + "intent contract_renewal", reroute.explanation());

        InteractionClassified bigCompany = Classifications.cfo();
        RoutingDecision escalate = policy.decide(Classifications.routine().value(0.3,
                new dev.exceptionledger.contracts.ValueSignal("BUYING_SIGNAL", "ERP", 0.3)).build(), NOW);
        assertEquals("agent", escalate.ruleId(), "company size 12 is below 500");
        RoutingDecision enterprise = policy.decide(bigCompany, NOW);
        assertEquals("big-companies", enterprise.ruleId());
        assertEquals(RoutingOutcome.ESCALATED, enterprise.outcome());
        assertEquals(NOW.plus(Duration.ofMinutes(15)), enterprise.slaDeadline(), "the rule's own SLA");
        assertEquals(List.of("HIGH_VALUE"), enterprise.reasonCodes());

        assertEquals(RoutingOutcome.AGENT_HANDLED, policy.decide(routine().build(), NOW).outcome());
        assertEquals("default", policy.decide(routine().agentMayHandle(false).build(), NOW).ruleId());
    }

    @Test
    void requiresAnExplicitDefaultRuleLast() {
        List<PolicyProblem> missing = problems(Policies.withRules("bad-7", """
              - id: novel
                when: {novel: true}
                then: ESCALATE
                team: support
                priority: P2
            """));
        assertEquals(List.of(new PolicyProblem(12, "rules", "there is no default rule: add a last rule with "
                + "`default: true` that ESCALATEs or REROUTEs what no other rule decides")), missing);

        List<PolicyProblem> early = problems(Policies.withRules("bad-8", ESCALATE_DEFAULT + """
              - id: novel
                when: {novel: true}
                then: ESCALATE
                team: support
                priority: P2
            """));
        assertEquals(1, early.size(), early.toString());
        assertEquals(12, early.get(0).line());
        assertTrue(early.get(0).message().contains("move it to the end"), early.toString());
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        List<PolicyProblem> problems = problems("""
                version: two words
                defaultTeam: support
                highValueMin: 1.5
                sla: {P1: PT1H, P3: soon}
                rules:
                  - id: a
                    when: {intnet: billing}
                    then: ESCALATE
                    team: billing
                    priority: P2
                  - id: b
                    when: {confidence: {gte: 0.5}}
                    then: ASK_BOB
                  - id: fallback
                    default: true
                    then: ESCALATE
                    team: support
                    priority: P1
                """);

        assertEquals(List.of(1, 3, 4, 7, 10, 13), problems.stream().map(PolicyProblem::line).toList(),
                problems.toString());
        assertTrue(problems.get(0).message().contains("e.g. sales-2025-02"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("between 0 and 1, was '1.5'"), problems.get(1).message());
        assertTrue(problems.get(2).message().contains("e.g. PT4H"), problems.get(2).message());
        assertTrue(problems.get(3).message().startsWith("unknown field 'intnet' in a condition; did you mean 'intent'? "
                + "use one of [intent,"),
                problems.get(3).message());
        assertEquals("rule 'b': unknown action 'ASK_BOB'; use AGENT, ESCALATE, REROUTE or DISCARD",
                problems.get(5).message());
    }

    @Test
    void reportsAPriorityWithoutSlaAndBrokenYaml() {
        List<PolicyProblem> noSla = problems(Policies.withRules("bad-9", """
              - id: default
                default: true
                then: ESCALATE
                team: support
                priority: P0
            """));
        assertEquals(List.of(new PolicyProblem(16, "rules[0].priority", "rule 'default': priority P0 has no SLA: "
                + "add it to `sla` or use one of [P1, P2, P3]")), noSla);

        List<PolicyProblem> broken = problems("version: x\nrules:\n  - id: a\n   when: [\n");
        assertEquals(1, broken.size());
        assertTrue(broken.get(0).message().startsWith("not valid YAML"), broken.toString());
        assertTrue(broken.get(0).line() >= 3, broken.toString());
    }

    @Test
    void refusesAReasonCodeOutsideTheSuitesVocabulary() {
        List<PolicyProblem> unknown = problems(Policies.withRules("bad-10", """
              - id: default
                default: true
                then: ESCALATE
                team: support
                priority: P3
                reasonCode: VIP
            """));
        assertEquals(1, unknown.size(), unknown.toString());
        assertEquals("rules[0].reasonCode", unknown.get(0).path());
        assertEquals("rule 'default': unknown reasonCode 'VIP'; use one of " + Arrays.toString(ReasonCode.values()),
                unknown.get(0).message());
    }

    @Test
    void matchesTheAgentsCanonicalActionAndItsOwnWord() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.withRules("actions-2", """
              - id: agent-parked
                when: {agentActionRaw: {in: [parked, on_ice]}}
                then: ESCALATE
                team: support
                priority: P2
              - id: agent-unknown
                when: {agentAction: other}
                then: ESCALATE
                team: support
                priority: P3
              - id: agent-closed
                when: {agentAction: {in: [closed]}}
                then: ESCALATE
                team: $intent
                priority: P1
                reasonCode: AGENT_BLIND_SPOT
            """ + ESCALATE_DEFAULT));

        RoutingDecision parked = policy.decide(routine().agentAction("Parked").build(), NOW);
        assertEquals("agent-parked", parked.ruleId());
        assertEquals("Escalated to support (P2) by rule agent-parked: agentActionRaw Parked ∈ [parked, on_ice]; "
                + "the agent's action 'Parked' is not one we know", parked.explanation());

        RoutingDecision unknown = policy.decide(routine().agentAction("snoozy").build(), NOW);
        assertEquals("agent-unknown", unknown.ruleId());
        assertEquals("Escalated to support (P3) by rule agent-unknown: agentAction other ('snoozy'); "
                + "the agent's action 'snoozy' is not one we know", unknown.explanation());

        RoutingDecision resolved = policy.decide(routine().agentAction("resolved").build(), NOW);
        assertEquals("agent-closed", resolved.ruleId());
        assertEquals("Escalated to support (P1) by rule agent-closed: agentAction closed ('resolved') ∈ [closed]",
                resolved.explanation());
        // intake's mapping (its configured table) is the canonical action, and the raw word stays matchable
        assertEquals("agent-closed", policy.decide(routine().agentAction("wrapped_up", "closed").build(), NOW)
                .ruleId());
        assertEquals("agent-parked", policy.decide(routine().agentAction("parked", "closed").build(), NOW).ruleId());
        // no decision: neither field is there, so neither matches
        assertEquals("default", policy.decide(routine().agentAction(null).build(), NOW).ruleId());
    }

    @Test
    void refusesAnAgentActionThatIsNotCanonical() {
        List<PolicyProblem> problems = problems(Policies.withRules("bad-11", """
              - id: closers
                when: {agentAction: {in: [closed, Resolved]}}
                then: ESCALATE
                team: support
                priority: P1
              - id: parkers
                when: {agentAction: parked}
                then: ESCALATE
                team: support
                priority: P1
            """ + ESCALATE_DEFAULT));

        assertEquals(List.of(13, 18), problems.stream().map(PolicyProblem::line).toList(), problems.toString());
        assertEquals("rules[0].when.agentAction", problems.get(0).path());
        assertEquals("agentAction is the agent's canonical action, one of [answered, closed, deflected, escalated, "
                + "ignored, none, other]; [Resolved] never match: use one of those, or agentActionRaw for the "
                + "agent's own words", problems.get(0).message());
    }

    @Test
    void takesSeveralOperatorsOnOneFieldAllOfWhichMustHold() {
        RoutingPolicy policy = RoutingPolicy.parse(Policies.withRules("ranges-1", """
              - id: in-doubt
                when: {confidence: {gte: 0.4, lt: 0.6}, signals: {in: [BUYING_SIGNAL], notIn: [CHURN_RISK]}}
                then: ESCALATE
                team: sales
                priority: P2
            """ + ESCALATE_DEFAULT));
        ValueSignal buying = new ValueSignal("BUYING_SIGNAL", "erp", 0.15);

        RoutingDecision inDoubt = policy.decide(routine().intent("pricing_question", 0.5).value(0.15, buying).build(),
                NOW);
        assertEquals("in-doubt", inDoubt.ruleId());
        assertTrue(inDoubt.explanation().contains("confidence 0.50 ≥ 0.40, confidence 0.50 < 0.60"),
                inDoubt.explanation());
        assertEquals("default", policy.decide(routine().intent("pricing_question", 0.6).value(0.15, buying).build(),
                NOW).ruleId(), "above the range");
        assertEquals("default", policy.decide(routine().intent("pricing_question", 0.5).value(0.35, buying,
                new ValueSignal("CHURN_RISK", "cancel", 0.2)).build(), NOW).ruleId(), "a signal it excludes");
        assertEquals(List.of(), problems(Policies.withRules("ranges-2", """
              - id: in-doubt
                when: {confidence: {gte: 0.4, lt: 0.6}}
                then: ESCALATE
                team: support
                priority: P3
            """ + ESCALATE_DEFAULT)));
    }
}
