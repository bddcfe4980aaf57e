package dev.exceptionledger.classifier.persistence;

import dev.exceptionledger.classifier.domain.Embedder;
import dev.exceptionledger.classifier.domain.FeedbackLearner;
import io.agroal.api.AgroalDataSource;
import org.jboss.logging.Logger;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training texts' vectors, shared by every replica in the classifier's database ({@code text_vector}): a replica
 * that starts, or follows a new version, reads the vectors an earlier one computed and embeds only the texts nobody
 * embedded yet with this model. A vector read is the vector computed (SentenceEmbedder is deterministic per text), so
 * training gives the same model either way. Texts learned from reviewers' corrections are embedded but never stored.
 * The database is a cache here: when it cannot be read or written, the texts are embedded as if it were empty.
 */
public final class StoredVectors implements Embedder {

    private static final Logger LOG = Logger.getLogger(StoredVectors.class);

    private final Embedder embedder;
    private final AgroalDataSource dataSource;
    private final String modelVersion;

    public StoredVectors(Embedder embedder, AgroalDataSource dataSource, String modelVersion) {
        this.embedder = embedder;
        this.dataSource = dataSource;
        this.modelVersion = modelVersion;
    }

    @Override
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        Map<String, String> hashes = new HashMap<>();
        texts.forEach(text -> hashes.computeIfAbsent(text, FeedbackLearner::textHash));
        Map<String, float[]> stored = read(hashes.values());
        List<String> missing = hashes.keySet().stream().filter(text -> !stored.containsKey(hashes.get(text))).toList();
        if (!missing.isEmpty()) {
            List<float[]> embedded = embedder.embedAll(missing);
            Map<String, float[]> fresh = new HashMap<>();
            for (int i = 0; i < missing.size(); i++) {
                fresh.put(hashes.get(missing.get(i)), embedded.get(i));
            }
            write(fresh);
            stored.putAll(fresh);
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(stored.get(hashes.get(text)));
        }
        return vectors;
    }

    private Map<String, float[]> read(Collection<String> hashes) {
        Map<String, float[]> vectors = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT text_sha256, vector FROM text_vector "
                     + "WHERE model_version = ? AND text_sha256 = ANY (?)")) {
            select.setString(1, modelVersion);
            select.setArray(2, c.createArrayOf("text", hashes.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    vectors.put(rs.getString(1), vector(rs.getBytes(2)));
                }
            }
        } catch (SQLException e) {
            LOG.warnf("cannot read stored vectors, embedding %d texts instead: %s", hashes.size(), e.getMessage());
            vectors.clear();
        }
        return vectors;
    }

    /** Stores the vectors, except those of texts learned from corrections (their hash is in learned_example). */
    private void write(Map<String, float[]> vectors) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO text_vector (model_version, text_sha256, "
                     + "vector) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM learned_example WHERE text_sha256 = ?) "
                     + "ON CONFLICT DO NOTHING")) {
            for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                insert.setString(1, modelVersion);
                insert.setString(2, entry.getKey());
                insert.setBytes(3, bytes(entry.getValue()));
                insert.setString(4, entry.getKey());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            LOG.warnf("cannot store %d vectors (a later start embeds them again): %s", vectors.size(), e.getMessage());
        }
    }

    static byte[] bytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] vector(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
