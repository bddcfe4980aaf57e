package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.NearestExample;
import dev.exceptionledger.contracts.ValueSignal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.exceptionledger.classifier.domain.Taxonomies.intent;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntentClassifierTest {

    private static final Taxonomy TAXONOMY = Taxonomies.of(
            intent("account_access", true, "reset my password", "forgot my password", "password is not working"),
            intent("billing_question", true, "send a copy of the invoice", "invoice has the wrong address",
                    "invoice is missing"),
            intent("integration_question", false, "integrate with our erp", "sync with sap erp",
                    "connect to netsuite erp"));

    private static IntentClassifier classifier(int topK, double temperature) {
        return new IntentClassifier(TAXONOMY, new WordEmbedder(), new ClassifierSettings(topK, temperature, 0.5, "words@1"));
    }

    private static InteractionReceived asking(String text) {
        return new InteractionReceived("web_form", null, text, null, null, null, null, null, null);
    }

    @Test
    void picksTheIntentWhoseExamplesAreClosestAndExplainsIt() {
        InteractionClassified result = classifier(3, 0.05).classify(asking("I forgot my password"));

        assertEquals("account_access", result.intent());
        assertEquals("account_access-team", result.team());
        assertTrue(result.agentMayHandle());
        assertThat(result.confidence(), greaterThan(0.9));
        assertThat(result.reasons().get(0), startsWith("closest to account_access ("));
        assertEquals(new NearestExample("account_access", "forgot my password", 0.866), result.nearest().get(0));
        List<NearestExample> nearest = result.nearest();
        assertEquals(3, nearest.size());
        assertThat(nearest.get(0).similarity(), greaterThanOrEqualTo(nearest.get(1).similarity()));
        assertThat(nearest.get(1).similarity(), greaterThanOrEqualTo(nearest.get(2).similarity()));
    }

    @Test
    void scoresAnIntentByItsTopKExamplesNotByOneLuckyExample() {
        Taxonomy taxonomy = Taxonomies.of(
                intent("one_lucky", true, "erp sync", "weather today", "holiday plans"),
                intent("consistently_close", true, "erp sync problem now", "erp sync failing now", "erp sync broken now"));
        InteractionReceived question = asking("erp sync");

        IntentClassifier byBest = new IntentClassifier(taxonomy, new WordEmbedder(), new ClassifierSettings(1, 0.05, 0.5, "w"));
        IntentClassifier byTopThree = new IntentClassifier(taxonomy, new WordEmbedder(), new ClassifierSettings(3, 0.05, 0.5, "w"));

        assertEquals("one_lucky", byBest.classify(question).intent());
        assertEquals("consistently_close", byTopThree.classify(question).intent());
    }

    @Test
    void noveltyIsTheDistanceFromTheWinningIntentsExamples() {
        IntentClassifier classifier = classifier(1, 0.05);

        InteractionClassified known = classifier.classify(asking("reset my password"));
        InteractionClassified unknown = classifier.classify(asking("lasagna recipe, spinach"));

        assertEquals(0.0, known.novelty());
        assertFalse(known.novel());
        assertEquals(1.0, unknown.novelty());
        assertTrue(unknown.novel());
        assertThat(unknown.reasons(), hasItem(startsWith("novel: novelty 1.0 is above the threshold 0.5")));
    }

    @Test
    void lowerTemperatureGivesSharperConfidence() {
        InteractionReceived clear = asking("my password is not working");

        double sharp = classifier(3, 0.01).classify(clear).confidence();
        double soft = classifier(3, 1.0).classify(clear).confidence();
        double undecided = classifier(3, 1.0).classify(asking("password invoice erp")).confidence();

        assertThat(sharp, greaterThan(soft));
        assertThat(undecided, closeTo(1.0 / 3, 0.05));
    }

    @Test
    void flagsAnAgentLabelThatDiffersFromOurIntentComparedLoosely() {
        IntentClassifier classifier = classifier(3, 0.05);
        String text = "can you integrate with our erp";

        InteractionClassified agreeing = classifier.classify(withAgentLabel(text, "Integration-Question"));
        InteractionClassified disagreeing = classifier.classify(withAgentLabel(text, "product how to"));
        InteractionClassified noLabel = classifier.classify(asking(text));

        assertFalse(agreeing.agentDisagrees());
        assertTrue(disagreeing.agentDisagrees());
        assertThat(disagreeing.reasons(), hasItem("the agent labelled it 'product how to', not integration_question"));
        assertFalse(noLabel.agentDisagrees());
    }

    @Test
    void carriesValueSignalsVersionsAndTheInteraction() {
        InteractionReceived interaction = new InteractionReceived("email", "ERP", "does it sync with sap",
                new Contact("Dana", "dana@example.com", "CFO", "Acme", 800), null, null, "ext-1", null, null);

        InteractionClassified result = classifier(3, 0.05).classify(interaction);

        assertEquals("integration_question", result.intent());
        assertThat(result.valueSignals().stream().map(ValueSignal::name).toList(),
                contains("SENIOR_ROLE", "LARGE_COMPANY", "BUYING_SIGNAL", "OFF_CHANNEL"));
        assertEquals(1.0, result.valueScore());
        assertThat(result.reasons(), hasItems("title 'CFO' is C-level", "mentions 'erp', 'sap'",
                "integration_question is not for the agent: owned by integration_question-team"));
        assertEquals("words@1", result.modelVersion());
        assertEquals("test-1", result.taxonomyVersion());
        assertEquals(interaction, result.interaction());
    }

    @Test
    void refusesAnInteractionWithNothingToScore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier(3, 0.05).classify(asking("  ")));
        assertThat(e.getMessage(), startsWith("nothing to classify"));
    }

    private static InteractionReceived withAgentLabel(String text, String label) {
        return new InteractionReceived("chat", null, text, null, null, new AgentDecision(label, 0.9, "answered"),
                null, null, null);
    }
}
