package dev.exceptionledger.classifier.persistence;

import dev.exceptionledger.classifier.ShippedTaxonomy;
import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.Embedder;
import dev.exceptionledger.classifier.domain.FeedbackLearner;
import dev.exceptionledger.classifier.domain.SentenceEmbedder;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.devstack.DevStackTestResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The training vectors in the real PostgreSQL: what the service's start embedded, a replica that starts after it
 * reads instead of embedding, and reads the very vectors the model computes; a text learned from a correction is
 * embedded every time and never stored.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "classifier"))
@QuarkusTestResource(OidcWiremockTestResource.class)
class StoredVectorsTest {

    @Inject
    SentenceEmbedder model;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ClassifierSettings settings;

    /** The model, counting the texts it is asked to embed. */
    private final class Counting implements Embedder {
        final List<String> embedded = new ArrayList<>();

        @Override
        public float[] embed(String text) {
            return embedAll(List.of(text)).get(0);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            embedded.addAll(texts);
            return model.embedAll(texts);
        }
    }

    @Test
    void aReplicaStartingAfterAnotherEmbedsNoneOfTheShippedTaxonomysTexts() {
        Taxonomy shipped = ShippedTaxonomy.read();
        List<String> texts = Stream.concat(shipped.intents().stream().flatMap(i -> i.examples().stream()),
                shipped.calibration().stream().map(Taxonomy.CalibrationText::text)).toList();
        Counting counting = new Counting();

        List<float[]> read = new StoredVectors(counting, dataSource, settings.modelVersion()).embedAll(texts);

        assertEquals(List.of(), counting.embedded, "the service's own start stored every training text's vector");
        assertEquals(texts.size(), read.size());
        for (int i = 0; i < texts.size(); i += 500) {
            assertArrayEquals(model.embed(texts.get(i)), read.get(i), texts.get(i));
        }
    }

    @Test
    void aNewTextIsEmbeddedByOneReplicaAndReadByTheNext() {
        String text = "A text no replica has seen " + UUID.randomUUID();
        Counting first = new Counting();
        Counting next = new Counting();

        float[] embedded = new StoredVectors(first, dataSource, settings.modelVersion()).embed(text);
        float[] read = new StoredVectors(next, dataSource, settings.modelVersion()).embed(text);

        assertEquals(List.of(text), first.embedded);
        assertEquals(List.of(), next.embedded);
        assertArrayEquals(embedded, read);
        assertEquals(1, storedRows(text, settings.modelVersion()));
        assertEquals(0, storedRows(text, "another-model"), "a vector is the model's that made it");
    }

    @Test
    void aTextLearnedFromACorrectionIsEmbeddedEachTimeAndNeverStored() throws SQLException {
        String text = "A subject's own words " + UUID.randomUUID();
        UUID correction = UUID.randomUUID();
        execute("INSERT INTO learned_example (correction_event_id, interaction_id, intent, text_sha256) "
                + "VALUES (?, ?, 'billing', ?)", correction, "interaction-" + correction, FeedbackLearner.textHash(text));
        try {
            Counting counting = new Counting();
            StoredVectors vectors = new StoredVectors(counting, dataSource, settings.modelVersion());

            vectors.embed(text);
            vectors.embed(text);

            assertEquals(List.of(text, text), counting.embedded);
            assertEquals(0, storedRows(text, settings.modelVersion()));
        } finally {
            execute("DELETE FROM learned_example WHERE correction_event_id = ?", correction);
        }
    }

    private int storedRows(String text, String modelVersion) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT count(*) FROM text_vector WHERE model_version = ? AND text_sha256 = ?")) {
            select.setString(1, modelVersion);
            select.setString(2, FeedbackLearner.textHash(text));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
