package dev.exceptionledger.classifier;

import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.IntentClassifier;
import dev.exceptionledger.classifier.domain.MiniLmEmbedder;
import dev.exceptionledger.classifier.domain.Taxonomy;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Loads the model and the taxonomy and embeds the examples once, at startup, so no request pays for it. */
@ApplicationScoped
public class ClassifierBeans {

    private static final Logger LOG = Logger.getLogger(ClassifierBeans.class);
    private static final String DEFAULT_TAXONOMY = "/taxonomy/default.json";

    @Produces
    @Singleton
    @Startup
    IntentClassifier classifier(ClassifierConfig config) {
        long start = System.nanoTime();
        Taxonomy taxonomy = taxonomy(config);
        ClassifierSettings settings = new ClassifierSettings(config.topK(), config.confidence().temperature(),
                config.novelty().threshold(), MiniLmEmbedder.version());
        IntentClassifier classifier = new IntentClassifier(taxonomy, new MiniLmEmbedder(), settings);
        LOG.infof("classifier ready in %d ms: model %s, taxonomy %s with %d intents",
                (System.nanoTime() - start) / 1_000_000, settings.modelVersion(), taxonomy.version(),
                taxonomy.intents().size());
        return classifier;
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
