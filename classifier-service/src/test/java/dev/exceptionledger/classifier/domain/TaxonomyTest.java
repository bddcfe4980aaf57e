package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.Intent;
import dev.exceptionledger.contracts.Violation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaxonomyTest {

    @Test
    void theShippedTaxonomyCoversB2bSalesAndSupport() {
        Taxonomy taxonomy = Taxonomies.shipped();

        assertEquals("b2b-sales-support-12", taxonomy.version());
        assertEquals(20, taxonomy.intents().size());
        for (Intent intent : taxonomy.intents()) {
            assertThat(intent.name(), intent.examples().size(), greaterThanOrEqualTo(18));
        }
        assertThat(taxonomy.intents().stream().map(Intent::name).toList(), hasItems("pricing_question", "demo_request",
                "account_access", "integration_question", "security_compliance", "procurement_contract",
                "cancellation_churn", "spam", "press_inquiry", "investor_acquisition", "regulator_request",
                "data_incident", "vendor_paperwork"));
        assertThat(taxonomy.calibration().size(), greaterThanOrEqualTo(Taxonomy.MIN_CALIBRATION));
        assertTrue(taxonomy.intent("account_access").agentMayHandle());
        assertFalse(taxonomy.intent("integration_question").agentMayHandle());
        assertEquals("solutions-engineering", taxonomy.intent("integration_question").team());
        assertEquals(List.of("web_form", "chat"), taxonomy.standardChannels());
        assertThat(taxonomy.valueSignals().buyingSignals().phrases(), hasItems("erp", "sso", "soc 2", "procurement"));
        assertEquals(new Taxonomy.RiskReading(List.of("data_incident", "regulator_request", "press_inquiry",
                "investor_acquisition"), 0.25), taxonomy.valueSignals().riskReading());
        assertEquals(10, taxonomy.precedents().neighbours());
        assertEquals(0.82, taxonomy.precedents().minWeight());
        assertEquals(2756, taxonomy.precedents().interactions().size(),
                "every item of datasets/b2b's train split and fresh sets");
        assertEquals(1186, taxonomy.precedents().interactions().stream().filter(Taxonomy.Precedent::mustReachHuman)
                .count());
    }

    @Test
    void namesPrecedentsWithoutAnExceptionOrATextOrSettings() {
        Intent a = new Intent("a", null, "t", true, List.of("1", "2", "3", "4", "5"), List.of());
        Intent b = new Intent("b", null, "t", true, List.of("6", "7", "8", "9", "10"), List.of());
        Taxonomy taxonomy = new Taxonomy("v", null, List.of(a, b), null, Taxonomies.VOCABULARY, List.of(),
                new Taxonomy.Precedents(0, 0.5, List.of(new Taxonomy.Precedent("a", "1", false, "t", "routine"),
                        new Taxonomy.Precedent("c", " ", false, null, null))));

        assertEquals(List.of(
                new Violation("precedents", "needs neighbours of at least 1 and a minWeight in (0, 1]"),
                new Violation("precedents.interactions", "needs at least one that had to reach a human"),
                new Violation("precedents.interactions[1]", "needs a text and one of the intents, has 'c'")),
                taxonomy.violations());
    }

    @Test
    void namesARiskReadingOfUnknownIntentsOrWithoutAProbability() {
        Intent a = new Intent("a", null, "t", true, List.of("1", "2", "3", "4", "5"), List.of());
        Intent b = new Intent("b", null, "t", true, List.of("6", "7", "8", "9", "10"), List.of());
        Taxonomy.ValueVocabulary v = Taxonomies.VOCABULARY;
        Taxonomy taxonomy = new Taxonomy("v", null, List.of(a, b), null, new Taxonomy.ValueVocabulary(v.seniority(),
                v.seniorityMinCompanySize(), v.smallSenderBelow(), v.junior(), v.companySize(), v.buyingSignals(),
                v.churnSignals(), v.offChannelWeight(), v.statedScales(), v.statedAmount(), v.policySignals(),
                new Taxonomy.RiskReading(List.of("b", "c"), 0)), List.of());

        assertEquals(List.of(
                new Violation("valueSignals.riskReading.intents", "names no intent of this taxonomy: 'c'"),
                new Violation("valueSignals.riskReading", "needs intents and a minProbability in (0, 1]")),
                taxonomy.violations());
    }

    @Test
    void refusesUnknownFieldsSoATypoCannotSwitchASignalOff() {
        String json = "{\"version\":\"x\",\"intents\":[{\"name\":\"a\",\"team\":\"t\",\"examples\":[\"e\"]}],"
                + "\"valueSignals\":{\"offChannelWieght\":0.1}}";

        Exception e = assertThrows(Exception.class, () -> Taxonomy.read(stream(json)));
        assertThat(e.getMessage(), containsString("offChannelWieght"));
    }

    @Test
    void namesEveryViolationWithItsField() {
        Taxonomy taxonomy = new Taxonomy(" ", null, java.util.Arrays.asList(
                new Intent("a", null, "t", true, List.of("1", "2", "3", "4", "5"), List.of()),
                new Intent("a", null, "t", true, List.of("1", "2", "3", "4", "5"), List.of()),
                new Intent("", null, " ", true, List.of("1", "1", " ", "2"), List.of()),
                null), null, Taxonomies.VOCABULARY, null);

        assertEquals(List.of(
                new Violation("version", "required: every classification records it"),
                new Violation("intents[1].name", "duplicate intent 'a'"),
                new Violation("intents[2].name", "required"),
                new Violation("intents[2].team", "required: the team that owns "),
                new Violation("intents[2].examples", "intent '' has 2 distinct non-blank examples, needs at least 5"),
                new Violation("intents[3]", "empty intent")), taxonomy.violations());
    }

    @Test
    void namesCalibrationTextsOfUnknownIntentsAndTooFewOfThem() {
        Intent a = new Intent("a", null, "t", true, List.of("1", "2", "3", "4", "5"), List.of());
        Intent b = new Intent("b", null, "t", true, List.of("6", "7", "8", "9", "10"), List.of());
        Taxonomy taxonomy = new Taxonomy("v", null, List.of(a, b), null, Taxonomies.VOCABULARY, List.of(
                new Taxonomy.CalibrationText("a", "held out"), new Taxonomy.CalibrationText("c", "of no intent")));

        assertEquals(List.of(
                new Violation("calibration[1]", "needs a text and one of the intents, has 'c'"),
                new Violation("calibration", "has 2 texts, needs at least 50 for a threshold at a few percent, or none")),
                taxonomy.violations());
    }

    @Test
    void refusesATaxonomyWithoutIntentsOrValueSignals() {
        String json = "{\"version\":\"x\",\"intents\":[]}";

        Exception e = assertThrows(IllegalArgumentException.class, () -> Taxonomy.read(stream(json)));
        assertEquals("invalid taxonomy: intents: needs at least 2 intents, has 0; "
                + "valueSignals: required (may have empty lists)", e.getMessage());
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
