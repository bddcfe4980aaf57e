package dev.exceptionledger.routing.domain;

import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionRouted;
import dev.exceptionledger.contracts.RoutingOutcome;
import dev.exceptionledger.contracts.ShadowComparison;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.routing.Classifications;
import dev.exceptionledger.routing.Policies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.exceptionledger.routing.Classifications.routine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped default policy, deploy/policy/default.yaml, as packaged. */
class RoutingPolicyTest {

    private static final Instant NOW = Instant.parse("2025-01-15T10:00:05Z");

    private final RoutingPolicy policy = Policies.shippedDefault();

    private RoutingDecision decide(InteractionClassified classified) {
        return policy.decide(classified, NOW);
    }

    @Test
    void escalatesTheSeedCfoCaseTheAgentClosedAsABlindSpot() {
        RoutingDecision decision = decide(Classifications.cfo());

        assertEquals(RoutingOutcome.ESCALATED, decision.outcome());
        assertEquals("agent-blind-spot-value", decision.ruleId());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), decision.reasonCodes());
        assertEquals("AGENT_BLIND_SPOT", decision.reason());
        assertEquals("sales", decision.team());
        assertEquals("P1", decision.priority());
        assertEquals("default-10", decision.policyVersion());
        assertEquals("Escalated to sales (P1) by rule agent-blind-spot-value: agentAction closed ∈ [closed, "
                + "deflected, answered, ignored], value 0.80 ≥ 0.50 (title=CFO, companySize=800, ERP)", decision.explanation());
    }

    @Test
    void givesTheCfoCasesHandoffTheQuestionTitleAndCompanySize() {
        InteractionClassified cfo = Classifications.cfo();
        HandoffRequested handoff = decide(cfo).toHandoff(cfo);

        assertEquals("Quick one: does your product integrate with our ERP? We are evaluating options.",
                handoff.question());
        assertEquals("CFO", handoff.contact().title());
        assertEquals(800, handoff.contact().companySize());
        assertEquals("closed", handoff.agentDecision().action());
        assertEquals("PT1H", handoff.sla());
        assertEquals(NOW.plus(Duration.ofHours(1)), handoff.slaDeadline());
        assertEquals(cfo.valueSignals(), handoff.classification().valueSignals());
    }

    @Test
    void sendsANovelCaseTheAgentDeflectedToTheDefaultTeamAsABlindSpot() {
        RoutingDecision decision = decide(routine().intent("password_reset", 0.95).novel(0.93)
                .agentAction("Deflected").build());

        assertEquals("agent-blind-spot-novel", decision.ruleId());
        assertEquals(List.of("AGENT_BLIND_SPOT", "NOVEL"), decision.reasonCodes());
        assertEquals("P1", decision.priority());
        // only novel: the intent is a guess, so is its team
        assertEquals("support", decision.team());
        // the canonical action; the agent's own word differs only in case
        assertTrue(decision.explanation().contains("agentAction deflected ∈ [closed, deflected, answered, ignored], "
                + "novel"), decision.explanation());
    }

    @Test
    void anAgentsOwnWordForClosingIsABlindSpotByItsCanonicalAction() {
        RoutingDecision resolved = decide(routine().intent("password_reset", 0.95).novel(0.93)
                .agentAction("resolved").build());
        RoutingDecision mappedByIntake = decide(routine().intent("password_reset", 0.95).novel(0.93)
                .agentAction("wrapped_up", "closed").build());

        assertEquals("agent-blind-spot-novel", resolved.ruleId());
        assertTrue(resolved.explanation().contains("agentAction closed ('resolved') ∈ [closed, deflected, answered, ignored], "
                + "novel"), resolved.explanation());
        assertEquals("agent-blind-spot-novel", mappedByIntake.ruleId());
    }

    @Test
    void namesNoveltyAndValueWhenBothApply() {
        RoutingDecision decision = decide(routine().novel(0.88).team("sales")
                .value(0.7, new ValueSignal("SENIOR_ROLE", "title=VP Finance", 0.4)).agentAction("closed").build());

        assertEquals(List.of("AGENT_BLIND_SPOT", "NOVEL", "HIGH_VALUE"), decision.reasonCodes());
        assertEquals("sales", decision.team());
    }

    @Test
    void leavesARoutineQuestionTheAgentAnsweredToTheAgent() {
        RoutingDecision decision = decide(routine().build());

        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());
        assertEquals("agent-routine", decision.ruleId());
        assertNull(decision.team());
        assertNull(decision.slaDeadline());
        assertFalse(decision.handsOff());
        assertEquals("Left to the agent by rule agent-routine: not novel, value 0.05 < 0.50", decision.explanation());
    }

    @Test
    void discardsConfidentSpamThatIsNeitherNovelNorValuable() {
        RoutingDecision decision = decide(routine().intent("spam", 0.97).agentMayHandle(false).build());

        assertEquals(RoutingOutcome.DISCARDED, decision.outcome());
        assertEquals("discard-spam", decision.ruleId());
        assertEquals("spam", decision.reason());
        assertNull(decision.team());
        assertTrue(decision.explanation().startsWith("Discarded (spam) by rule discard-spam: intent spam ∈ [spam], "
                + "confidence 0.97 ≥ 0.90"), decision.explanation());
    }

    @Test
    void keepsSpamThatIsUnsureNovelOrValuable() {
        RoutingDecision unsure = decide(routine().intent("spam", 0.85).agentMayHandle(false).build());
        assertEquals("agent-routine", unsure.ruleId());
        assertEquals(RoutingOutcome.AGENT_HANDLED, unsure.outcome());
        assertEquals("default", decide(routine().intent("spam", 0.95).novel(0.9).agentMayHandle(false)
                .agentAction(null).build()).ruleId());
        assertEquals("high-value", decide(routine().intent("spam", 0.95).value(0.6).agentMayHandle(false)
                .agentAction(null).build()).ruleId());
    }

    @Test
    void escalatesANovelCaseAtP2ToTheDefaultTeam() {
        RoutingDecision decision = decide(routine().intent("billing_question", 0.41).team("finance").novel(0.87)
                .agentAction(null).build());

        assertEquals("default", decision.ruleId());
        assertEquals(List.of("NOVEL"), decision.reasonCodes());
        assertEquals("support", decision.team());
        assertEquals("P2", decision.priority());
        assertEquals(NOW.plus(Duration.ofHours(4)), decision.slaDeadline());
    }

    @Test
    void leavesAnUnsureRoutineQuestionToTheAgent() {
        RoutingDecision decision = decide(routine().intent("password_reset", 0.55).build());

        assertEquals("agent-routine", decision.ruleId());
        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());
    }

    @Test
    void leavesALowValueQuestionOfASmallCompanyToTheAgentWhateverItsIntent() {
        RoutingDecision decision = decide(routine().intent("integration_question", 0.88).team("solutions-engineering")
                .agentMayHandle(false).build());

        assertEquals("agent-routine", decision.ruleId());
        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());
    }

    @Test
    void escalatesRiskWhoeverSentIt() {
        RoutingDecision decision = decide(routine().intent("regulator_request", 0.62).team("legal")
                .agentMayHandle(false).contact("Case Officer", null).agentAction("closed").build());

        assertEquals("risk", decision.ruleId());
        assertEquals(List.of("RISK"), decision.reasonCodes());
        assertEquals("legal", decision.team());
        assertEquals("P1", decision.priority());
        assertEquals("Escalated to legal (P1) by rule risk: intent regulator_request ∈ [regulator_request, "
                + "data_incident, press_inquiry, investor_acquisition]", decision.explanation());
    }

    @Test
    void leavesThePressOrAnInvestorWithoutAStoryOrStandingToTheAgent() {
        ValueSignal small = new ValueSignal("SMALL_SENDER", "no company", 0);
        RoutingDecision shares = decide(routine().intent("investor_acquisition", 0.9).team("executive")
                .agentMayHandle(false).value(0, small).build());
        assertEquals("private-approach", shares.ruleId());
        assertEquals(RoutingOutcome.AGENT_HANDLED, shares.outcome());
        assertEquals("Left to the agent by rule private-approach: intent investor_acquisition ∈ [press_inquiry, "
                + "investor_acquisition], signals [SMALL_SENDER] ∈ [small_sender, internal_only] (no company), "
                + "not novel, "
                + "value 0.00 < 0.50", shares.explanation());

        RoutingDecision rumour = decide(routine().intent("press_inquiry", 0.9).team("communications")
                .agentMayHandle(false).value(0, small, new ValueSignal("PUBLIC_EXPOSURE", "heard, piece", 0)).build());
        assertEquals("risk-in-public", rumour.ruleId(), "a freelancer chasing a rumour is the press all the same");
        assertEquals("communications", rumour.team());
        assertEquals(List.of("RISK"), rumour.reasonCodes());

        RoutingDecision boutique = decide(routine().intent("investor_acquisition", 0.9).team("executive")
                .agentMayHandle(false).contact("Partner", 6).value(0,
                        new ValueSignal("SMALL_SENDER", "companySize=6", 0),
                        new ValueSignal("DEAL_IN_VIEW", "acquisition, buyer", 0)).build());
        assertEquals("risk-in-public", boutique.ruleId(), "a six-person adviser bringing a buyer is a deal");

        RoutingDecision fund = decide(routine().intent("investor_acquisition", 0.9).team("executive")
                .agentMayHandle(false).contact("Partner", 40).value(0).build());
        assertEquals("risk", fund.ruleId(), "a fund of 40 is no small sender");
    }

    @Test
    void inAnotherLanguageTrustsTheAgentsRoutineReadingOverOurUnsureRisk() {
        ValueSignal polish = new ValueSignal("OTHER_LANGUAGE", "language=Polish (dzień, dobry, proszę, od)", 0);
        InteractionClassified cancel = withAgentIntent(routine().intent("regulator_request", 0.52).team("legal")
                .agentMayHandle(false).value(0, polish).build(), "cancellation", "cancellation_churn");
        RoutingDecision decision = decide(cancel);
        assertEquals("agent-read-the-language", decision.ruleId());
        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());

        InteractionClassified english = withAgentIntent(routine().intent("regulator_request", 0.52).team("legal")
                .agentMayHandle(false).value(0).build(), "cancellation", "cancellation_churn");
        assertEquals("risk", decide(english).ruleId(), "in English our reading stands");
        InteractionClassified other = withAgentIntent(routine().intent("regulator_request", 0.52).team("legal")
                .agentMayHandle(false).value(0, polish).build(), "other", null);
        assertEquals("risk", decide(other).ruleId(), "an agent that names no routine intent settles nothing");
        InteractionClassified unsure = withAgentIntent(routine().intent("regulator_request", 0.52).team("legal")
                .agentMayHandle(false).agentConfidence(0.6).value(0, polish).build(), "cancellation",
                "cancellation_churn");
        assertEquals("risk", decide(unsure).ruleId(), "an unsure agent's reading is no better than ours");
    }

    @Test
    void leavesASmallSendersWorryThatTheAgentConfidentlyAnsweredAsRoutineToTheAgent() {
        ValueSignal small = new ValueSignal("SMALL_SENDER", "companySize=3", 0);
        RoutingDecision decision = decide(withAgentIntent(incidentReading().value(0, small).build(), "how_to",
                "product_how_to"));
        assertEquals("small-sender-worry", decision.ruleId());
        assertEquals(RoutingOutcome.AGENT_HANDLED, decision.outcome());

        assertEquals("risk", decide(withAgentIntent(incidentReading().value(0).build(), "how_to", "product_how_to"))
                .ruleId(), "from a company of some size our reading stands");
        ValueSignal intrusion = new ValueSignal("SECURITY_THREAT", "logged in as me", 0);
        assertEquals("risk", decide(withAgentIntent(incidentReading().value(0, small, intrusion).build(), "how_to",
                "product_how_to")).ruleId(), "a sign of an attack is no worry about one's own doing");
        assertEquals("risk", decide(withAgentIntent(incidentReading().agentConfidence(0.6).value(0, small).build(),
                "how_to", "product_how_to")).ruleId(), "an unsure agent's answer settles nothing");
        assertEquals("risk", decide(withAgentIntent(incidentReading().value(0, small).build(), "breach",
                "data_incident")).ruleId(), "the agent read an incident too");
    }

    /** We read a data incident, sure of it. */
    private static Classifications incidentReading() {
        return routine().intent("data_incident", 0.9).team("security").agentMayHandle(false);
    }

    @Test
    void leavesARoutineReadingWithSomeProbabilityOfARiskIntentToTheAgent() {
        ValueSignal incident = new ValueSignal("RISK_READING", "risk readings 0.32 (data_incident 0.32)", 0);
        RoutingDecision login = decide(routine().intent("account_access", 0.62).value(0, incident).build());
        assertEquals("agent-routine", login.ruleId(), "a probability is no evidence of an incident on its own");
        assertEquals(RoutingOutcome.AGENT_HANDLED, login.outcome());
    }

    @Test
    void escalatesARoutineReadingThatReadsLikePastExceptionsWhenTheAgentEndedItNamingTheNearest() {
        ValueSignal like = new ValueSignal("LIKE_PAST_EXCEPTIONS", "like past exceptions 0.9 of its 10 nearest "
                + "precedents (nearest 'an admin we never added is in our workspace' 0.91)", 0);
        RoutingDecision admin = decide(routine().intent("account_access", 0.97).value(0, like).build());
        assertEquals("like-past-exceptions", admin.ruleId());
        assertEquals(RoutingOutcome.ESCALATED, admin.outcome());
        assertEquals("support", admin.team(), "the owner of the intent we read");
        assertEquals(List.of("AGENT_BLIND_SPOT"), admin.reasonCodes());
        assertTrue(admin.explanation().contains("signals [LIKE_PAST_EXCEPTIONS] ∈ [like_past_exceptions] (like past "
                + "exceptions 0.9 of its 10 nearest precedents (nearest 'an admin we never added is in our workspace' "
                + "0.91))"), admin.explanation());

        RoutingDecision unseen = decide(routine().intent("account_access", 0.97).value(0, like).agentAction(null)
                .build());
        assertEquals("agent-routine", unseen.ruleId(), "no agent ended it: nothing was dropped");
        assertEquals("agent-routine", decide(routine().intent("account_access", 0.97).value(0).build()).ruleId());
    }

    /** The classification as the classifier's shadow comparison names the agent's label as one of our intents. */
    private static InteractionClassified withAgentIntent(InteractionClassified c, String label, String agentIntent) {
        return new InteractionClassified(c.intent(), c.confidence(), c.novelty(), c.novel(), c.valueScore(),
                c.valueSignals(), c.agentMayHandle(), c.team(), agentIntent == null || !agentIntent.equals(c.intent()),
                c.reasons(), c.nearest(), c.modelVersion(), c.taxonomyVersion(), c.interaction(), List.of(), null,
                new ShadowComparison(label, "answered", 0.85, c.intent(), c.confidence(), false, false, List.of(),
                        agentIntent));
    }

    @Test
    void escalatesAPublicAuthorityWhateverTheClassifierMadeOfItButNotItsNewsletters() {
        ValueSignal police = new ValueSignal("PUBLIC_AUTHORITY", "sender: police, detective", 0);
        RoutingDecision casual = decide(routine().intent("account_access", 0.6).contact("Detective Constable", null)
                .value(0, police).build());
        assertEquals("public-authority", casual.ruleId());
        assertEquals("legal", casual.team());
        assertEquals("P1", casual.priority());
        assertEquals(List.of("RISK"), casual.reasonCodes());

        RoutingDecision newsletter = decide(routine().intent("spam", 0.7).value(0, police,
                new ValueSignal("BULK_MAIL", "unsubscribe", 0)).build());
        assertEquals("bulk-mail", newsletter.ruleId());
        assertEquals(RoutingOutcome.AGENT_HANDLED, newsletter.outcome());
    }

    @Test
    void escalatesWhatAnAccountThatMattersCannotSettleWithTheAgent() {
        RoutingDecision outage = decide(routine().intent("bug_report", 0.7).contact("IT Ops", 2100).build());
        assertEquals("key-account", outage.ruleId());
        assertEquals(List.of("KEY_ACCOUNT"), outage.reasonCodes());
        assertEquals("P2", outage.priority());

        RoutingDecision howTo = decide(routine().intent("product_how_to", 0.9).contact("Analyst", 2100).build());
        assertEquals("agent-routine", howTo.ruleId(), "a how-to from a large company's analyst is still routine");

        RoutingDecision scale = decide(routine().intent("cancellation_churn", 0.7).contact("Alliance Manager", 60)
                .value(0.35, new ValueSignal("STATED_SCALE", "1,200 seats", 0.35)).build());
        assertEquals("stated-scale", scale.ruleId());

        RoutingDecision senior = decide(routine().intent("product_how_to", 0.9).contact("Head of Operations", 300)
                .value(0.2, new ValueSignal("SENIOR_ROLE", "title=Head of Operations", 0.2)).build());
        assertEquals("senior-contact", senior.ruleId());
    }

    @Test
    void turnsADecisionIntoARoutedEventWithEveryReasonCode() {
        InteractionRouted routed = decide(Classifications.cfo()).toRouted();

        assertEquals(RoutingOutcome.ESCALATED, routed.outcome());
        assertEquals("agent-blind-spot-value", routed.ruleId());
        assertEquals(Policies.SHIPPED_VERSION, routed.policyVersion());
        assertEquals(List.of("AGENT_BLIND_SPOT", "HIGH_VALUE"), routed.reasonCodes());
        assertEquals("AGENT_BLIND_SPOT", routed.reason());
    }

    @Test
    void refusesAClassificationWithoutIntentOrWithScoresOutOfRange() {
        InteractionClassified bad = new InteractionClassified(" ", 1.2, 0.1, false, Double.NaN, null, true,
                "support", false, null, null, "m", "t", null);

        InvalidClassificationException e = assertThrows(InvalidClassificationException.class, () -> decide(bad));
        assertEquals(List.of("intent", "confidence", "valueScore"), e.violations().stream().map(Violation::field)
                .toList());
    }
}
