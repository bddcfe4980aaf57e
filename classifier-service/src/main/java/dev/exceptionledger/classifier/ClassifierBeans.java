package dev.exceptionledger.classifier;

import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.SentenceEmbedder;
import dev.exceptionledger.classifier.domain.Taxonomy;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Loads the model and the first taxonomy at startup, so no request pays for it. */
@ApplicationScoped
public class ClassifierBeans {

    private static final String DEFAULT_TAXONOMY = "/taxonomy/default.json";

    @Produces
    @Singleton
    @Startup
    ActiveClassifier classifier(ClassifierConfig config) {
        SentenceEmbedder embedder = new SentenceEmbedder(SentenceEmbedder.Variant.named(config.model()));
        ClassifierSettings settings = new ClassifierSettings(config.flagRate(), config.calibrationFolds(),
                config.blindSpotActions(), embedder.version());
        return new ActiveClassifier(embedder, settings, taxonomy(config));
    }

    private static Taxonomy taxonomy(ClassifierConfig config) {
        try (InputStream in = config.taxonomyFile().isPresent()
                ? Files.newInputStream(config.taxonomyFile().get())
                : ClassifierBeans.class.getResourceAsStream(DEFAULT_TAXONOMY)) {
            return Taxonomy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the taxonomy " + config.taxonomyFile().map(Object::toString)
                    .orElse(DEFAULT_TAXONOMY), e);
        }
    }
}
