package dev.exceptionledger.classifier.domain;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * all-MiniLM-L6-v2, quantized or full precision, run in process by ONNX Runtime: no network, no model server.
 * <p>
 * One text per inference, each on one thread, several texts at once on {@link #THREADS} threads. Measured on this
 * 2-core machine (bench/README.md): ONNX Runtime's default of two spinning intra-op threads per inference burns
 * 2-3x the CPU per text under load, and true batching (several texts in one padded tensor) did not cost less CPU
 * per text, and it changes the result: the quantized model scales its activations over the whole tensor, so a text's
 * embedding would depend on which other texts shared its batch. One text per inference gives every text the same
 * vector on every path (HTTP, Kafka, training, evaluation).
 */
public final class MiniLmEmbedder implements Embedder {

    public enum Variant {
        /** int8: about twice as fast */
        QUANTIZED("all-minilm-l6-v2-q", AllMiniLmL6V2QuantizedEmbeddingModel.class),
        FULL("all-minilm-l6-v2", AllMiniLmL6V2EmbeddingModel.class);

        /** also the name of the model and tokenizer files in the artifact's jar */
        private final String artifact;
        private final Class<?> type;

        Variant(String name, Class<?> type) {
            this.artifact = name;
            this.type = type;
        }

        public static Variant named(String name) {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** texts embedded at once by {@link #embedAll}: one per core */
    public static final int THREADS = Runtime.getRuntime().availableProcessors();

    private final Variant variant;
    private final AbstractInProcessEmbeddingModel model;

    public MiniLmEmbedder(Variant variant) {
        this.variant = variant;
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "embedder");
            thread.setDaemon(true);
            return thread;
        });
        OnnxBertBiEncoder encoder = encoder(variant);
        // langchain4j's tokenizer, long-text splitting and pooling, on a session of our own settings
        this.model = new AbstractInProcessEmbeddingModel(executor) {
            @Override
            protected OnnxBertBiEncoder model() {
                return encoder;
            }
        };
    }

    private static OnnxBertBiEncoder encoder(Variant variant) {
        try (InputStream model = variant.type.getResourceAsStream("/" + variant.artifact + ".onnx");
             InputStream tokenizer = variant.type.getResourceAsStream("/" + variant.artifact + "-tokenizer.json");
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + variant.artifact, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the model " + variant.artifact, e);
        }
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text).content().vector();
    }

    /** Embeds on {@link #THREADS} threads; the vectors are the ones {@link #embed} gives, in order. */
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
