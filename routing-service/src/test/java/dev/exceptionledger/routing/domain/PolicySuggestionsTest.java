package dev.exceptionledger.routing.domain;

import dev.exceptionledger.routing.Policies;
import dev.exceptionledger.routing.domain.PolicySuggestions.ReviewedDecision;
import dev.exceptionledger.routing.domain.PolicySuggestions.Suggestion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicySuggestionsTest {

    private static final RoutingPolicy DEFAULT = Policies.shippedDefault();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void insertsTheLearnedAgentRuleJustBeforeTheRuleKeepingCommentsAndLayout() {
        String candidate = PolicySuggestions.candidate(DEFAULT, "key-account", "integration_question", 7,
                Policies.SHIPPED_VERSION + "-suggested.1");

        RoutingPolicy policy = RoutingPolicy.parse(candidate);
        assertEquals(Policies.SHIPPED_VERSION + "-suggested.1", policy.version());
        List<String> ids = policy.rules().stream().map(PolicyRule::id).toList();
        int learned = ids.indexOf("learned-integration_question-before-key-account");
        assertEquals(ids.indexOf("key-account") - 1, learned);
        assertEquals(DEFAULT.rules().size() + 1, ids.size());
        PolicyRule rule = policy.rules().get(learned);
        assertEquals(Action.Type.AGENT, rule.action().type());
        assertEquals("intent = integration_question and not novel and value < 0.50 → AGENT", rule.describe());
        assertTrue(rule.description().contains("7 escalations of integration_question by rule key-account"),
                rule.description());
        // the rest of the document is untouched: the comments, and every line but the version
        String version = "version: " + Policies.SHIPPED_VERSION;
        assertEquals(DEFAULT.document().replace(version, version + "-suggested.1"),
                candidate.replaceAll("(?s)  - id: learned-integration_question-before-key-account\n.*?then: AGENT\n",
                        ""));
    }

    @Test
    void writesTheThresholdExactlySoTheGuardrailsHold() {
        String document = Policies.withRules("v1", """
                  - id: scale
                    when: {signals: {in: [STATED_SCALE]}}
                    then: ESCALATE
                    team: sales
                    priority: P2
                """ + Policies.ESCALATE_DEFAULT).replace("highValueMin: 0.5", "highValueMin: 0.625");
        String candidate = PolicySuggestions.candidate(RoutingPolicy.parse(document), "scale", "faq", 5, "v1-s");

        assertTrue(candidate.contains("      value: {lt: 0.625}\n"), candidate);
        assertEquals("faq", RoutingPolicy.parse(candidate).rules().get(0).when().get(0).operand());
    }

    @Test
    void refusesANameThatIsNotPlainYaml() {
        assertThrows(IllegalArgumentException.class,
                () -> PolicySuggestions.candidate(DEFAULT, "key-account", "a: b", 5, "v2"));
    }

    @Test
    void suggestsAPairWithEnoughUnnecessaryVerdictsMakingEnoughOfItsReviews() {
        List<ReviewedDecision> reviewed = new ArrayList<>();
        reviewed.addAll(verdicts("key-account", "integration_question", "UNNECESSARY", 6));
        reviewed.addAll(verdicts("key-account", "integration_question", "CONFIRMED", 4));
        reviewed.addAll(verdicts("key-account", "integration_question", "WRONG_TEAM", 1));
        // too few
        reviewed.addAll(verdicts("key-account", "bug_report", "UNNECESSARY", 4));
        // enough, but under half of the pair's reviews
        reviewed.addAll(verdicts("stated-scale", "demo_request", "UNNECESSARY", 5));
        reviewed.addAll(verdicts("stated-scale", "demo_request", "CONFIRMED", 6));
        // not a rule of the active policy (a reviewer's reroute), and a rule that escalates nothing
        reviewed.addAll(verdicts("review-verdict", "billing", "UNNECESSARY", 9));
        reviewed.addAll(verdicts("agent-routine", "billing", "UNNECESSARY", 9));

        List<Suggestion> suggestions = PolicySuggestions.of(DEFAULT, reviewed, 5, 0.5, v -> false);

        assertEquals(1, suggestions.size());
        Suggestion s = suggestions.get(0);
        assertEquals("key-account", s.ruleId());
        assertEquals("integration_question", s.intent());
        assertEquals("learned-integration_question-before-key-account", s.learnedRuleId());
        assertEquals(6, s.unnecessary());
        assertEquals(11, s.reviewed());
        assertEquals(0.5455, s.share());
        assertEquals(Map.of("UNNECESSARY", 6, "CONFIRMED", 4, "WRONG_TEAM", 1), s.verdicts());
        assertEquals(6, s.listed().size());
        assertEquals("key-account-integration_question-UNNECESSARY-5", s.listed().get(0).reviewId(),
                "the latest first");
        assertEquals("why 5", s.listed().get(0).note());
        assertEquals(Policies.SHIPPED_VERSION + "-suggested.1", s.version());
        assertNull(s.candidateProblem());
        assertEquals(s.version(), RoutingPolicy.parse(s.candidate()).version());
    }

    @Test
    void listsAtMost20AndGivesEachCandidateAVersionNotStoredYet() {
        List<ReviewedDecision> reviewed = new ArrayList<>(verdicts("key-account", "bug_report", "UNNECESSARY", 25));
        reviewed.addAll(verdicts("high-value", "demo_request", "UNNECESSARY", 5));

        List<Suggestion> suggestions = PolicySuggestions.of(DEFAULT, reviewed, 5, 0.5,
                Set.of(Policies.SHIPPED_VERSION + "-suggested.1")::contains);

        assertEquals(List.of("key-account", "high-value"), suggestions.stream().map(Suggestion::ruleId).toList());
        assertEquals(20, suggestions.get(0).listed().size());
        assertEquals(25, suggestions.get(0).unnecessary());
        assertEquals(Policies.SHIPPED_VERSION + "-suggested.2", suggestions.get(0).version());
        assertEquals(Policies.SHIPPED_VERSION + "-suggested.3", suggestions.get(1).version());
    }

    @Test
    void keepsASuggestedVersionWithin64Characters() {
        assertEquals(64, PolicySuggestions.suggestedVersion("v".repeat(64), 12).length());
        assertTrue(PolicySuggestions.suggestedVersion("v".repeat(64), 12).endsWith("-suggested.12"));
    }

    private static List<ReviewedDecision> verdicts(String ruleId, String intent, String verdict, int count) {
        List<ReviewedDecision> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(new ReviewedDecision(ruleId + "-" + intent + "-" + verdict + "-" + i, verdict, ruleId, intent,
                    T0.plusSeconds(i), "why " + i));
        }
        return list;
    }
}
