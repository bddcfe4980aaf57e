package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.ReasonCode;
import dev.exceptionledger.contracts.ShadowComparison;
import dev.exceptionledger.contracts.ValueSignal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.exceptionledger.classifier.domain.Taxonomies.intent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntentClassifierTest {

    private static final Taxonomy TAXONOMY = Taxonomies.of(
            intent("account_access", true, "reset my password", "forgot my password", "password is not working",
                    "cannot log in to my account", "locked out of my account", "password reset link expired",
                    "my password reset email is not arriving"),
            intent("billing_question", true, "send a copy of the invoice", "invoice has the wrong address",
                    "invoice is missing", "charged twice on my invoice", "update the billing address on invoices",
                    "refund the invoice", "which card pays the invoice"),
            intent("integration_question", false, "integrate with our erp", "sync with sap erp",
                    "connect to netsuite erp", "erp integration api", "does it sync with salesforce crm",
                    "integrate our crm and erp", "webhook for erp orders"));

    private static final IntentClassifier CLASSIFIER = new IntentClassifier(TAXONOMY, new WordEmbedder(),
            new ClassifierSettings(0.05, 4, Set.of("closed", "deflected", "answered"), "words@1"));

    private static InteractionReceived asking(String text) {
        return new InteractionReceived("web_form", null, text, null, null, null, null, null, null);
    }

    private static InteractionReceived withAgent(String text, String label, String action) {
        return new InteractionReceived("chat", null, text, null, null, new AgentDecision(label, 0.9, action),
                null, null, null);
    }

    /** Replicas train each version themselves: on the same version they must give the same scores. */
    @Test
    void twoClassifiersTrainedOnTheSameVersionGiveTheSameScores() {
        IntentClassifier other = new IntentClassifier(TAXONOMY, new WordEmbedder(),
                new CachingEmbedder(new WordEmbedder(), 100), CLASSIFIER.settings(), Set.of());

        for (String text : List.of("I forgot my password", "does it sync with sap", "something else entirely")) {
            assertEquals(CLASSIFIER.classify(asking(text)), other.classify(asking(text)), text);
        }
    }

    @Test
    void aVersionThatChangesNoTrainingTextReusesTheTrainedModelAndAnotherExampleTrainsAgain() {
        Taxonomy renamed = new Taxonomy("renamed", "the same texts, another name and team", TAXONOMY.intents().stream()
                .map(i -> new Taxonomy.Intent(i.name(), i.description(), "another-team", i.agentMayHandle(),
                        i.examples(), i.agentLabels())).toList(), TAXONOMY.standardChannels(), TAXONOMY.valueSignals(),
                TAXONOMY.calibration());
        Taxonomy.Intent first = TAXONOMY.intents().get(0);
        List<String> oneMore = new ArrayList<>(first.examples());
        oneMore.add("one more example of " + first.name());
        List<Taxonomy.Intent> intents = new ArrayList<>(TAXONOMY.intents());
        intents.set(0, new Taxonomy.Intent(first.name(), first.description(), first.team(), first.agentMayHandle(),
                oneMore, first.agentLabels()));
        Taxonomy learned = new Taxonomy("learned", "one example more", intents, TAXONOMY.standardChannels(),
                TAXONOMY.valueSignals(), TAXONOMY.calibration());

        IntentClassifier reused = new IntentClassifier(renamed, new WordEmbedder(), new WordEmbedder(),
                CLASSIFIER.settings(), Set.of(), CLASSIFIER);
        IntentClassifier retrained = new IntentClassifier(learned, new WordEmbedder(), new WordEmbedder(),
                CLASSIFIER.settings(), Set.of(), CLASSIFIER);

        assertSame(CLASSIFIER.calibration(), reused.calibration());
        assertNotSame(CLASSIFIER.calibration(), retrained.calibration());
        IntentClassifier trainedAlone = new IntentClassifier(learned, new WordEmbedder(), CLASSIFIER.settings());
        assertEquals(trainedAlone.classify(asking("I forgot my password")),
                retrained.classify(asking("I forgot my password")));
    }

    @Test
    void classifiesSeveralAtOnceAsItClassifiesEachAlone() {
        List<InteractionReceived> interactions = List.of(asking("I forgot my password"),
                withAgent("does it sync with our sap erp", "billing_question", "closed"), asking("invoice is missing"));

        assertEquals(interactions.stream().map(CLASSIFIER::classify).toList(), CLASSIFIER.classifyAll(interactions));
        assertEquals(List.of(), CLASSIFIER.classifyAll(List.of()));
    }

    @Test
    void picksTheTrainedHeadsIntentAndExplainsItWithTheNearestExamples() {
        InteractionClassified result = CLASSIFIER.classify(asking("I forgot my password"));

        assertEquals("account_access", result.intent());
        assertEquals("account_access-team", result.team());
        assertTrue(result.agentMayHandle());
        assertThat(result.reasons().get(0), startsWith("account_access with confidence "));
        assertEquals(new NearestExample("account_access", "forgot my password", 0.866), result.nearest().get(0));
        List<NearestExample> nearest = result.nearest();
        assertEquals(3, nearest.size());
        assertThat(nearest.get(0).similarity(), greaterThanOrEqualTo(nearest.get(1).similarity()));
        assertThat(nearest.get(1).similarity(), greaterThanOrEqualTo(nearest.get(2).similarity()));
    }

    @Test
    void somethingUnlikeEveryExampleIsNovelWithItsScoreThresholdAndComponents() {
        InteractionClassified known = CLASSIFIER.classify(asking("reset my password"));
        InteractionClassified unknown = CLASSIFIER.classify(asking("lasagna recipe, spinach, ricotta, oven"));

        assertFalse(known.novel());
        assertTrue(unknown.novel());
        assertThat(unknown.novelty(), greaterThan(known.novelty()));
        assertEquals(List.of(ReasonCode.NOVEL.name()), unknown.flags());
        assertEquals(CLASSIFIER.calibration().threshold(), unknown.noveltyDetail().threshold(), 0.001);
        assertThat(unknown.noveltyDetail().score(), greaterThan(unknown.noveltyDetail().threshold()));
        assertEquals(IntentModel.COMPONENTS, List.copyOf(unknown.noveltyDetail().components().keySet()));
        assertThat(unknown.reasons(), hasItem(startsWith("novel: more unusual than ")));
    }

    @Test
    void aTextInAnotherLanguageIsNotJudgedNovelByAnEncoderThatReadsEnglish() {
        InteractionClassified foreign = CLASSIFIER.classify(withAgent(
                "Buongiorno, vorrei disdire il rinnovo annuale ma siamo contenti", "cancellation", "answered"));

        assertThat(foreign.noveltyDetail().score(), greaterThan(foreign.noveltyDetail().threshold()));
        assertFalse(foreign.novel());
        assertThat(foreign.flags(), empty());
        assertFalse(foreign.shadow().blindSpot());
        assertThat(foreign.reasons(), hasItem(startsWith("not judged novel: its novelty score ")));
        assertThat(foreign.reasons(), hasItem(startsWith("written in Italian")));
    }

    @Test
    void calibratesOnTheTaxonomysOwnExamplesByCrossFitting() {
        Calibration calibration = CLASSIFIER.calibration();

        assertEquals(21, calibration.heldOut());
        assertThat(calibration.heldOutAccuracy(), greaterThan(0.6));
        assertThat(calibration.expectedFlagRate(), org.hamcrest.Matchers.lessThanOrEqualTo(0.05));
    }

    @Test
    void reportsTheAgentsLabelNextToOursComparedLoosely() {
        String text = "can you integrate with our erp";

        InteractionClassified agreeing = CLASSIFIER.classify(withAgent(text, "Integration-Question", "escalated"));
        InteractionClassified disagreeing = CLASSIFIER.classify(withAgent(text, "product how to", "escalated"));
        InteractionClassified noDecision = CLASSIFIER.classify(asking(text));

        assertFalse(agreeing.agentDisagrees());
        assertTrue(agreeing.shadow().agrees());
        assertTrue(disagreeing.agentDisagrees());
        assertEquals(new ShadowComparison("product how to", "escalated", 0.9, "integration_question",
                disagreeing.confidence(), false, false, List.of(), null), disagreeing.shadow());
        assertThat(disagreeing.reasons(), hasItem("the agent labelled it 'product how to', not integration_question"));
        assertFalse(noDecision.agentDisagrees());
        assertNull(noDecision.shadow());
    }

    /** The test taxonomy with integration_question standing for a risk intent, at the given least probability. */
    private static IntentClassifier withRiskReading(double minProbability) {
        Taxonomy.ValueVocabulary v = TAXONOMY.valueSignals();
        Taxonomy.ValueVocabulary risky = new Taxonomy.ValueVocabulary(v.seniority(), v.seniorityMinCompanySize(),
                v.smallSenderBelow(), v.junior(), v.companySize(), v.buyingSignals(), v.churnSignals(),
                v.offChannelWeight(), v.statedScales(), v.statedAmount(), v.policySignals(),
                new Taxonomy.RiskReading(List.of("integration_question"), minProbability));
        return new IntentClassifier(new Taxonomy("test-risk", "for tests", TAXONOMY.intents(),
                TAXONOMY.standardChannels(), risky, List.of()), new WordEmbedder(), CLASSIFIER.settings());
    }

    private static List<ValueSignal> riskReadings(InteractionClassified c) {
        return c.valueSignals().stream().filter(s -> s.name().equals(ValueSignalDetector.RISK_READING)).toList();
    }

    @Test
    void aRoutineReadingThatGivesARiskIntentRealProbabilityCarriesTheRiskReadingWeighingNothing() {
        String text = "reset my password for the erp integration";
        InteractionClassified password = withRiskReading(0.1).classify(asking(text));

        assertEquals("account_access", password.intent());
        assertEquals(List.of(new ValueSignal("RISK_READING", "risk readings 0.2 (integration_question 0.2)", 0)),
                riskReadings(password));
        assertThat(password.reasons(), hasItem("it may also be integration_question 0.2: together 0.2, at least 0.1, "
                + "so a misreading would cost most here"));
        assertEquals(CLASSIFIER.classify(asking(text)).valueScore(), password.valueScore());

        assertThat(riskReadings(withRiskReading(0.3).classify(asking(text))), empty());
        assertThat(riskReadings(CLASSIFIER.classify(asking(text))), empty());
    }

    @Test
    void noRiskReadingWhenOurOwnReadingIsTheRiskOrTheTextIsInAnotherLanguage() {
        IntentClassifier risky = withRiskReading(0.001);
        InteractionClassified erp = risky.classify(asking("does it sync with our sap erp"));
        assertEquals("integration_question", erp.intent());
        assertThat(riskReadings(erp), empty());

        assertThat(riskReadings(risky.classify(asking("Buongiorno, vorrei disdire il rinnovo annuale ma siamo "
                + "contenti"))), empty());
    }

    /** The test taxonomy with precedents: two logins that had to reach a human, four routine ones. */
    private static final IntentClassifier WITH_PRECEDENTS = new IntentClassifier(TAXONOMY.withPrecedents(
            new Taxonomy.Precedents(3, 0.6, List.of(
                    new Taxonomy.Precedent("account_access",
                            "someone we never added logged in to our account", true, "security",
                            "an unknown user in the account: a possible breach"),
                    new Taxonomy.Precedent("account_access", "a stranger logged in to our account from abroad", true,
                            "security", "a login nobody at the customer made"),
                    new Taxonomy.Precedent("account_access", "reset my password", false, "support", "a reset"),
                    new Taxonomy.Precedent("account_access", "forgot my password", false, "support", "a reset"),
                    new Taxonomy.Precedent("billing_question", "send a copy of the invoice", false, "billing",
                            "an invoice copy"),
                    new Taxonomy.Precedent("billing_question", "the invoice is missing from my account", false,
                            "billing", "an invoice copy")))),
            new WordEmbedder(), CLASSIFIER.settings());

    private static List<ValueSignal> likePastExceptions(InteractionClassified c) {
        return c.valueSignals().stream()
                .filter(s -> s.name().equals(ValueSignalDetector.LIKE_PAST_EXCEPTIONS)).toList();
    }

    @Test
    void aTextLikePastExceptionsCarriesTheSignalNamingTheNearestAndWhyItHadToReachAHuman() {
        InteractionClassified stranger = WITH_PRECEDENTS.classify(withAgent(
                "can't log in, and someone we never added logged in to our account", "account_access", "answered"));

        List<ValueSignal> found = likePastExceptions(stranger);
        assertEquals(1, found.size());
        assertEquals(0, found.get(0).weight());
        assertThat(found.get(0).evidence(), startsWith("like past exceptions 1.0 of its 3 nearest precedents (nearest "
                + "'someone we never added logged in to our account' 0."));
        assertThat(stranger.reasons(), hasItem(allOf(
                startsWith("reads like past interactions that had to reach a human: they carry 1.0 of the weight of "
                        + "its 3 most similar precedents, at least 0.6; the nearest of them 'someone we never added "
                        + "logged in to our account' 0."),
                containsString("(account_access, security: an unknown user in the account: a possible breach)"))));
        assertEquals(CLASSIFIER.classify(withAgent("can't log in, and someone we never added logged in to our account",
                "account_access", "answered")).valueScore(), stranger.valueScore(), "it weighs nothing");
    }

    @Test
    void aRoutineTextOrOneInAnotherLanguageOrATaxonomyWithoutPrecedentsCarriesNoLikePastExceptions() {
        assertThat(likePastExceptions(WITH_PRECEDENTS.classify(asking("I forgot my password"))), empty());
        assertThat(likePastExceptions(WITH_PRECEDENTS.classify(asking("please send a copy of the invoice"))), empty());
        assertThat(likePastExceptions(CLASSIFIER.classify(asking("someone we never added logged in to our account"))),
                empty());
        String italian = "Buongiorno, vorrei sapere chi ha fatto login nel nostro account: someone never added "
                + "logged, siamo preoccupati, grazie della risposta";
        assertThat(likePastExceptions(WITH_PRECEDENTS.classify(asking(italian))), empty());
        assertThat("the same words in English would carry it", likePastExceptions(WITH_PRECEDENTS.classify(asking(
                "someone never added logged in to our account"))), not(empty()));
    }

    @Test
    void likePastExceptionsDependsOnTheTextAloneNotOnWhatElseIsClassifiedWithIt() {
        List<InteractionReceived> batch = List.of(asking("I forgot my password"),
                asking("someone we never added logged in to our account"), asking("invoice is missing"));
        assertEquals(batch.stream().map(WITH_PRECEDENTS::classify).toList(), WITH_PRECEDENTS.classifyAll(batch));
    }

    @Test
    void aPrecedentThatIsAlsoAnExampleIsFoundByTheSimilarityTheModelComputedForIt() {
        IntentClassifier examplesAsPrecedents = new IntentClassifier(TAXONOMY.withPrecedents(
                new Taxonomy.Precedents(1, 0.6, List.of(
                        new Taxonomy.Precedent("account_access", "reset my password", false, "support", "a reset"),
                        new Taxonomy.Precedent("account_access", "locked out of my account", true, "security",
                                "a lockout nobody at the customer caused"),
                        new Taxonomy.Precedent("billing_question", "send a copy of the invoice", false, "billing",
                                "an invoice copy")))),
                new WordEmbedder(), CLASSIFIER.settings());

        List<ValueSignal> found = likePastExceptions(examplesAsPrecedents.classify(asking("locked out of my account")));

        assertEquals(1, found.size());
        assertEquals("like past exceptions 1.0 of its 1 nearest precedents (nearest 'locked out of my account' 1.0)",
                found.get(0).evidence());
    }

    @Test
    void theAgentsOwnWordForAnIntentNamesIt() {
        Taxonomy.Intent billing = TAXONOMY.intent("billing_question");
        Taxonomy withAgentLabels = Taxonomies.of(TAXONOMY.intent("account_access"), new Taxonomy.Intent(billing.name(),
                billing.description(), billing.team(), true, billing.examples(), List.of("billing", "invoices")),
                TAXONOMY.intent("integration_question"));
        IntentClassifier classifier = new IntentClassifier(withAgentLabels, new WordEmbedder(), CLASSIFIER.settings());
        String text = "please send a copy of the invoice";

        InteractionClassified agentSaysBilling = classifier.classify(withAgent(text, "Billing", "answered"));
        InteractionClassified agentSaysOther = classifier.classify(withAgent(text, "general_inquiry", "answered"));

        assertEquals("billing_question", agentSaysBilling.shadow().agentIntent());
        assertTrue(agentSaysBilling.shadow().agrees());
        assertNull(agentSaysOther.shadow().agentIntent());
        assertTrue(agentSaysOther.agentDisagrees());
    }

    @Test
    void anAgentClosingSomethingNovelIsABlindSpotButEscalatingItIsNot() {
        String offTopic = "lasagna recipe, spinach, ricotta, oven";

        InteractionClassified closed = CLASSIFIER.classify(withAgent(offTopic, "spam", "closed"));
        InteractionClassified escalated = CLASSIFIER.classify(withAgent(offTopic, "spam", "escalated"));
        InteractionClassified routineClosed = CLASSIFIER.classify(withAgent("reset my password", "account_access", "closed"));

        assertTrue(closed.shadow().blindSpot());
        assertThat(closed.flags(), hasItem(ReasonCode.AGENT_BLIND_SPOT.name()));
        assertThat(closed.shadow().evidence().get(0), startsWith("agent blind spot: the agent closed it, but it is novel"));
        assertFalse(escalated.shadow().blindSpot());
        assertFalse(routineClosed.shadow().blindSpot());
        assertThat(routineClosed.flags(), empty());
    }

    @Test
    void anAgentsOwnWordForClosingCountsForTheBlindSpotByItsCanonicalAction() {
        String offTopic = "lasagna recipe, spinach, ricotta, oven";

        InteractionClassified resolved = CLASSIFIER.classify(withAgent(offTopic, "spam", "resolved"));
        // intake's mapping (its configured table) decides, not the shipped one
        InteractionClassified mappedByIntake = CLASSIFIER.classify(new InteractionReceived("chat", null, offTopic,
                null, null, new AgentDecision("spam", 0.9, "wrapped_up", "closed"), null, null, null));
        InteractionClassified handedOff = CLASSIFIER.classify(withAgent(offTopic, "spam", "handed_off"));
        InteractionClassified unknown = CLASSIFIER.classify(withAgent(offTopic, "spam", "parked"));

        assertTrue(resolved.shadow().blindSpot());
        assertThat(resolved.flags(), hasItem(ReasonCode.AGENT_BLIND_SPOT.name()));
        assertThat(resolved.shadow().evidence().get(0),
                startsWith("agent blind spot: the agent closed it ('resolved'), but it is novel"));
        assertEquals("resolved", resolved.shadow().agentAction());
        assertTrue(mappedByIntake.shadow().blindSpot());
        assertFalse(handedOff.shadow().blindSpot());
        assertFalse(unknown.shadow().blindSpot());
    }

    @Test
    void refusesBlindSpotActionsThatAreNotCanonical() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClassifierSettings(0.05, 4, Set.of("closed", "resolved"), "words@1"));
        assertThat(e.getMessage(), startsWith("blind-spot actions must be canonical agent actions"));
    }

    @Test
    void theCfosErpQuestionTheAgentClosedCarriesItsValueWithEvidenceButWhetherThatIsHighIsRoutingsToSay() {
        InteractionReceived interaction = new InteractionReceived("email", "ERP", "does it sync with sap",
                new Contact("Dana", "dana@example.com", "CFO", "Acme", 800), null,
                new AgentDecision("product_how_to", 0.82, "closed"), "ext-1", null, null);

        InteractionClassified result = CLASSIFIER.classify(interaction);

        assertEquals("integration_question", result.intent());
        assertThat(result.valueSignals().stream().map(ValueSignal::name).toList(),
                contains("SENIOR_ROLE", "LARGE_COMPANY", "BUYING_SIGNAL", "OFF_CHANNEL"));
        assertEquals(1.0, result.valueScore());
        // high value, and the agent closing something high-value, are the routing policy's judgement (its threshold)
        assertFalse(result.novel());
        assertThat(result.flags(), empty());
        assertFalse(result.shadow().blindSpot());
        assertThat(result.shadow().evidence(), empty());
        assertThat(result.reasons(), hasItems("title 'CFO' is C-level", "mentions 'erp', 'sap'",
                "value score 1.0 from its value signals",
                "the agent labelled it 'product_how_to', not integration_question",
                "integration_question is not for the agent: owned by integration_question-team"));
        assertThat(result.reasons(), not(hasItem(containsString("high"))));
        assertEquals("words@1", result.modelVersion());
        assertEquals("test-1", result.taxonomyVersion());
        assertEquals(interaction, result.interaction());
    }

    @Test
    void refusesAnInteractionWithNothingToScore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CLASSIFIER.classify(asking("  ")));
        assertThat(e.getMessage(), startsWith("nothing to classify"));
    }
}
