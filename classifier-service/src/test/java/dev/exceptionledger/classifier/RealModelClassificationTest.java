package dev.exceptionledger.classifier;

import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.ValueSignal;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped taxonomy with the real sentence model, configured as the service is. A Quarkus test because the
 * model's native libraries can be loaded by one class loader per JVM, and the other Quarkus tests load them first.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class RealModelClassificationTest {

    @Inject
    ActiveClassifier active;

    private InteractionClassified classify(String text) {
        return active.current().classify(new InteractionReceived("web_form", null, text, null, null, null, null, null, null));
    }

    @Test
    void escalationWorthyErpQuestionFromACfoIsAnIntegrationQuestionWithValueSignals() {
        InteractionReceived seedCase = new InteractionReceived("email", "ERP",
                "Hi, does your product integrate with our ERP? We'd need it before rolling it out company-wide.",
                new Contact("Dana Whitfield", "dana@acme.example", "CFO", "Acme Manufacturing", 800),
                null, new AgentDecision("product_how_to", 0.82, "closed"), "mail-4711", null, null);

        InteractionClassified result = active.current().classify(seedCase);

        assertEquals("integration_question", result.intent());
        assertEquals("solutions-engineering", result.team());
        assertFalse(result.agentMayHandle());
        assertTrue(result.agentDisagrees());
        assertThat(result.confidence(), greaterThan(0.5));
        assertThat(result.valueSignals(), hasItems(
                new ValueSignal("SENIOR_ROLE", "title=CFO", 0.35),
                new ValueSignal("LARGE_COMPANY", "companySize=800", 0.25),
                new ValueSignal("BUYING_SIGNAL", "erp", 0.15),
                new ValueSignal("OFF_CHANNEL", "channel=email", 0.1)));
        assertThat(result.valueScore(), greaterThan(0.8));
        assertThat(result.reasons(), hasItems("title 'CFO' is C-level", "mentions 'erp'",
                "value score 0.85 from its value signals"));
        // high value, and the agent closing something high-value, are the routing policy's judgement (its threshold)
        assertFalse(result.novel());
        assertThat(result.flags(), empty());
        assertFalse(result.shadow().blindSpot());
        assertEquals("product_how_to", result.shadow().agentLabel());
        assertEquals("closed", result.shadow().agentAction());
        assertEquals("e5-small-v2-q@1.11.0-beta19", result.modelVersion());
        assertEquals(ShippedTaxonomy.VERSION, result.taxonomyVersion());
    }

    @Test
    void passwordResetIsRoutineAccountAccessForTheAgent() {
        InteractionClassified result = classify("How do I reset my password? I can't log in.");

        assertEquals("account_access", result.intent());
        assertTrue(result.agentMayHandle());
        assertFalse(result.novel());
        assertThat(result.novelty(), lessThan(0.9));
        assertThat(result.confidence(), greaterThan(0.9));
        assertTrue(result.valueSignals().isEmpty());
        assertEquals("account_access", result.nearest().get(0).intent());
    }

    @Test
    void offTopicSentencesAreMoreNovelThanInScopeOnesAndTheCalibratedThresholdSeparatesThem() {
        List<String> inScope = List.of("I forgot my password and can't log in",
                "What does the Enterprise plan cost for 50 users?",
                "Our invoice shows the old address, please update it",
                "Do you have a SOC 2 report we could review?",
                "We need to cancel our subscription at the end of the month",
                "Are you hiring backend developers?");
        List<String> offTopic = List.of("what's a good recipe for lasagna",
                "Who won the football match last night?",
                "How tall is Mount Everest?",
                "Recommend a good science fiction novel");

        double mostNovelInScope = inScope.stream().mapToDouble(t -> classify(t).noveltyDetail().score()).max().orElseThrow();
        double leastNovelOffTopic = offTopic.stream().mapToDouble(t -> classify(t).noveltyDetail().score()).min().orElseThrow();

        double threshold = active.current().calibration().threshold();
        assertThat(mostNovelInScope, lessThan(threshold));
        assertThat(leastNovelOffTopic, greaterThan(threshold));
        InteractionClassified lasagna = classify("what's a good recipe for lasagna");
        assertTrue(lasagna.novel());
        assertThat(lasagna.reasons(), hasItem(org.hamcrest.Matchers.startsWith("novel: more unusual than ")));
    }
}
