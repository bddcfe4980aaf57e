package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.ShippedTaxonomy;
import dev.exceptionledger.classifier.domain.Taxonomy.Intent;
import dev.exceptionledger.classifier.domain.Taxonomy.PhraseSignal;
import dev.exceptionledger.classifier.domain.Taxonomy.SeniorityLevel;
import dev.exceptionledger.classifier.domain.Taxonomy.SizeBand;
import dev.exceptionledger.classifier.domain.Taxonomy.PolicySignal;
import dev.exceptionledger.classifier.domain.Taxonomy.StatedAmount;
import dev.exceptionledger.classifier.domain.Taxonomy.StatedScale;
import dev.exceptionledger.classifier.domain.Taxonomy.ValueVocabulary;

import java.util.List;

/** Taxonomies for the domain tests. */
final class Taxonomies {
    private Taxonomies() { }

    static final ValueVocabulary VOCABULARY = new ValueVocabulary(
            List.of(new SeniorityLevel("C-level", 0.35, List.of("ceo", "cfo", "chief")),
                    new SeniorityLevel("VP", 0.3, List.of("vp", "vice president")),
                    new SeniorityLevel("head or director", 0.2, List.of("head of", "director"))),
            20,
            0,
            new SeniorityLevel("junior", -0.2, List.of("intern", "trainee")),
            List.of(new SizeBand(5000, 0.35), new SizeBand(500, 0.25)),
            new PhraseSignal(0.15, 0.4, List.of("erp", "sap", "netsuite", "soc 2", "security review", "migrate")),
            new PhraseSignal(0.2, 0.4, List.of("cancel", "switch to", "competitor")),
            0.1,
            List.of(new StatedScale(100, 0.35, List.of("seats", "users", "employees")),
                    new StatedScale(10, 0.35, List.of("hospitals", "stores"))),
            new StatedAmount(20_000, 0.35),
            List.of(new PolicySignal("LEGAL_THREAT", List.of("solicitor", "legal action"), List.of()),
                    new PolicySignal("DATA_LOSS", List.of("deleted", "vanished"), List.of())),
            null);

    static Taxonomy of(Intent... intents) {
        return new Taxonomy("test-1", "for tests", List.of(intents), List.of("web_form", "chat"), VOCABULARY,
                List.of());
    }

    static Intent intent(String name, boolean agentMayHandle, String... examples) {
        return new Intent(name, name + " things", name + "-team", agentMayHandle, List.of(examples), List.of());
    }

    static Taxonomy shipped() {
        return ShippedTaxonomy.read();
    }
}
