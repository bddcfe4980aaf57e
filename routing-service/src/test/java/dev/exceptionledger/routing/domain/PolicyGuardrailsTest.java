package dev.exceptionledger.routing.domain;

import dev.exceptionledger.routing.Policies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.exceptionledger.routing.Policies.ESCALATE_DEFAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyGuardrailsTest {

    /** The guardrails' problems with a document whose form is right. */
    private static List<PolicyProblem> problems(String yaml) {
        PolicyParser.Parsed parsed = PolicyParser.read(yaml);
        assertEquals(List.of(), parsed.problems(), "the document's form is right");
        return PolicyGuardrails.check(parsed);
    }

    @Test
    void rejectsAnAgentRuleThatCouldTakeNovelOrHighValueInteractions() {
        List<PolicyProblem> problems = problems(Policies.withRules("bad-1", """
              - id: agent-everything
                when: {agentMayHandle: true}
                then: AGENT
            """ + ESCALATE_DEFAULT));

        assertEquals(List.of(
                new PolicyProblem(12, "rules[0].when", "rule 'agent-everything' could leave a novel interaction: add "
                        + "`novel: false` to its `when`"),
                new PolicyProblem(12, "rules[0].when", "rule 'agent-everything' could leave a high-value "
                        + "interaction: add `value: {lt: 0.50}` (the policy's highValueMin) to its `when`")),
                problems);
    }

    @Test
    void rejectsAHighValueBoundAboveThePolicysThreshold() {
        List<PolicyProblem> problems = problems(Policies.withRules("bad-2", """
              - id: agent-most
                when: {agentMayHandle: true, novel: false, value: {lt: 0.8}}
                then: AGENT
            """ + ESCALATE_DEFAULT));

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("could leave a high-value interaction"), problems.toString());
    }

    @Test
    void rejectsADiscardOfAnIntentThePolicyDoesNotList() {
        List<PolicyProblem> problems = problems(Policies.withRules("bad-3", """
              - id: discard-complaints
                when: {intent: {in: [spam, complaint]}, confidence: {gte: 0.95}, novel: false, value: {lt: 0.5}}
                then: DISCARD
                reason: noise
            """ + ESCALATE_DEFAULT));

        assertEquals(List.of(new PolicyProblem(12, "rules[0].when.intent", "rule 'discard-complaints' may discard "
                + "intents not in discard.intents [complaint]: restrict it with `intent: {in: [spam]}` or add them "
                + "to discard.intents")), problems);
    }

    @Test
    void rejectsADiscardWithoutAnyIntentRestriction() {
        List<PolicyProblem> problems = problems(Policies.withRules("bad-4", """
              - id: discard-sure-things
                when: {confidence: {gte: 0.99}, novel: false, value: {lt: 0.5}}
                then: DISCARD
                reason: noise
            """ + ESCALATE_DEFAULT));

        assertEquals(1, problems.size(), problems.toString());
        assertEquals("rule 'discard-sure-things' may discard any intent: restrict it with `intent: {in: [spam]}`",
                problems.get(0).message());
    }

    @Test
    void rejectsADiscardBelowTheStatedConfidence() {
        List<PolicyProblem> problems = problems(Policies.withRules("bad-5", """
              - id: eager-discard
                when: {intent: spam, confidence: {gte: 0.6}, novel: false, value: {lt: 0.5}}
                then: DISCARD
                reason: spam
            """ + ESCALATE_DEFAULT));

        assertEquals(List.of(new PolicyProblem(12, "rules[0].when.confidence", "rule 'eager-discard' may discard "
                + "below the confidence the policy demands: add `confidence: {gte: 0.90}` (discard.minConfidence) or "
                + "higher to its `when`")), problems);
    }

    @Test
    void rejectsADefaultRuleThatDiscardsOrLeavesToTheAgent() {
        List<PolicyProblem> problems = problems(Policies.withRules("bad-6", """
              - id: default
                default: true
                then: AGENT
            """));

        assertEquals(List.of(new PolicyProblem(12, "rules[0].then", "the default rule 'default' would leave every "
                + "interaction no other rule decides, novel and high-value ones included: make it ESCALATE or "
                + "REROUTE")), problems);
    }

    @Test
    void areReportedWithTheProblemsOfTheDocumentsFormInOneRound() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> RoutingPolicy.parse(
                Policies.withRules("bad-10", """
                  - id: typo
                    when: {intnet: billing}
                    then: ESCALATE
                    team: billing
                    priority: P2
                  - id: agent-everything
                    when: {agentMayHandle: true, value: {lt: 0.5}}
                    then: AGENT
                """ + ESCALATE_DEFAULT)));

        assertEquals(List.of("rules[0].when.intnet", "rules[1].when"), e.problems().stream().map(PolicyProblem::path)
                .toList(), e.problems().toString());
        assertEquals("rule 'agent-everything' could leave a novel interaction: add `novel: false` to its `when`",
                e.problems().get(1).message());
    }

    @Test
    void checkARuleWithAMisspeltFieldAsFarAsItReadsInTheSameRound() {
        // the case: the typo alone was reported, then two guardrail problems of the same rule after fixing it
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> RoutingPolicy.parse(
                Policies.withRules("bad-11", """
                  - id: drop-spam
                    when:
                      intent: spam
                      confidnce: {gte: 0.95}
                    then: DISCARD
                    reason: spam
                """ + ESCALATE_DEFAULT)));

        assertEquals(List.of(
                new PolicyProblem(12, "rules[0].when", "rule 'drop-spam' could discard a novel interaction: add "
                        + "`novel: false` to its `when`"),
                new PolicyProblem(12, "rules[0].when", "rule 'drop-spam' could discard a high-value interaction: add "
                        + "`value: {lt: 0.50}` (the policy's highValueMin) to its `when`"),
                new PolicyProblem(12, "rules[0].when.confidence", "rule 'drop-spam' may discard below the confidence "
                        + "the policy demands: add `confidence: {gte: 0.90}` (discard.minConfidence) or higher to its "
                        + "`when`"),
                new PolicyProblem(15, "rules[0].when.confidnce", "unknown field 'confidnce' in a condition; did you "
                        + "mean 'confidence'? use one of " + Field.keys())), e.problems());
    }

    @Test
    void namesARuleWithoutAnIdByItsPath() {
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> RoutingPolicy.parse(
                Policies.withRules("bad-12", """
                  - when: {agentMayHandle: true, value: {lt: 0.5}}
                    then: AGENT
                """ + ESCALATE_DEFAULT)));

        assertEquals(List.of(
                new PolicyProblem(12, "rules[0].id", "rules[0].id is missing: add `id:`"),
                new PolicyProblem(12, "rules[0].when", "rule 'rules[0]' could leave a novel interaction: add "
                        + "`novel: false` to its `when`")), e.problems());
    }
}
