package dev.exceptionledger.classifier.domain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/** all-MiniLM-L6-v2, quantized or full precision, run in process by ONNX Runtime: no network, no model server. */
public final class MiniLmEmbedder implements Embedder {

    public enum Variant {
        /** int8: about twice as fast */
        QUANTIZED("all-minilm-l6-v2-q", AllMiniLmL6V2QuantizedEmbeddingModel.class, AllMiniLmL6V2QuantizedEmbeddingModel::new),
        FULL("all-minilm-l6-v2", AllMiniLmL6V2EmbeddingModel.class, AllMiniLmL6V2EmbeddingModel::new);

        private final String artifact;
        private final Class<?> type;
        private final Supplier<EmbeddingModel> factory;

        Variant(String name, Class<?> type, Supplier<EmbeddingModel> factory) {
            this.artifact = name;
            this.type = type;
            this.factory = factory;
        }

        public static Variant named(String name) {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        }
    }

    private final Variant variant;
    private final EmbeddingModel model;

    public MiniLmEmbedder(Variant variant) {
        this.variant = variant;
        this.model = variant.factory.get();
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    /** Embeds on several threads (the model's own executor): startup embeds every taxonomy example. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
    }

    /** e.g. {@code all-minilm-l6-v2-q@1.19.0-beta29}, read from the model's jar so it cannot drift from the pom. */
    public String version() {
        String resource = "/META-INF/maven/dev.langchain4j/langchain4j-embeddings-" + variant.artifact + "/pom.properties";
        try (InputStream in = variant.type.getResourceAsStream(resource)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return variant.artifact + "@" + properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
