package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.Intent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaxonomyTest {

    @Test
    void theShippedTaxonomyCoversB2bSalesAndSupport() {
        Taxonomy taxonomy = Taxonomies.shipped();

        assertEquals("b2b-sales-support-1", taxonomy.version());
        assertThat(taxonomy.intents().size(), allOf(greaterThanOrEqualTo(12), lessThanOrEqualTo(15)));
        for (Intent intent : taxonomy.intents()) {
            assertThat(intent.name(), intent.examples().size(), allOf(greaterThanOrEqualTo(10), lessThanOrEqualTo(15)));
        }
        assertThat(taxonomy.intents().stream().map(Intent::name).toList(), hasItems("pricing_question", "demo_request",
                "account_access", "integration_question", "security_compliance", "procurement_contract",
                "cancellation_churn", "spam"));
        assertTrue(taxonomy.intent("account_access").agentMayHandle());
        assertFalse(taxonomy.intent("integration_question").agentMayHandle());
        assertEquals("solutions-engineering", taxonomy.intent("integration_question").team());
        assertEquals(List.of("web_form", "chat"), taxonomy.standardChannels());
        assertThat(taxonomy.valueSignals().buyingSignals().phrases(), hasItems("erp", "sso", "soc 2", "procurement"));
    }

    @Test
    void refusesUnknownFieldsSoATypoCannotSwitchASignalOff() {
        String json = "{\"version\":\"x\",\"intents\":[{\"name\":\"a\",\"team\":\"t\",\"examples\":[\"e\"]}],"
                + "\"valueSignals\":{\"offChannelWieght\":0.1}}";

        Exception e = assertThrows(Exception.class, () -> Taxonomy.read(stream(json)));
        assertThat(e.getMessage(), containsString("offChannelWieght"));
    }

    @Test
    void refusesDuplicateIntentsAndIntentsWithoutATeam() {
        String duplicate = "{\"version\":\"x\",\"valueSignals\":{},\"intents\":["
                + "{\"name\":\"a\",\"team\":\"t\",\"examples\":[\"e\"]},{\"name\":\"a\",\"team\":\"t\",\"examples\":[\"f\"]}]}";
        String teamless = "{\"version\":\"x\",\"valueSignals\":{},\"intents\":[{\"name\":\"a\",\"examples\":[\"e\"]}]}";

        assertThat(assertThrows(Exception.class, () -> Taxonomy.read(stream(duplicate))).getMessage(),
                containsString("unique intent names (a)"));
        assertThat(assertThrows(Exception.class, () -> Taxonomy.read(stream(teamless))).getMessage(),
                containsString("a team for intent a"));
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
