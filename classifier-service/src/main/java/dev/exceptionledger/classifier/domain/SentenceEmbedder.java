package dev.exceptionledger.classifier.domain;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small sentence encoder from langchain4j's in-process embedding artifacts, run by ONNX Runtime: no network, no
 * model server. The service ships all-MiniLM-L6-v2 (quantized, and full precision); the other variants are loaded
 * when their artifact is on the classpath (bench/ has them for {@code bench/encoder-compare}).
 * <p>
 * One text per inference, each on one thread, several texts at once on {@link #THREADS} threads. Measured on this
 * 2-core machine (bench/README.md): ONNX Runtime's default of two spinning intra-op threads per inference burns
 * 2-3x the CPU per text under load, and true batching (several texts in one padded tensor) did not cost less CPU
 * per text, and it changes the result: the quantized model scales its activations over the whole tensor, so a text's
 * embedding would depend on which other texts shared its batch. One text per inference gives every text the same
 * vector on every path (HTTP, Kafka, training, evaluation).
 */
public final class SentenceEmbedder implements Embedder {

    /**
     * A model with the pooling and the input prefix it was trained for: bge-small-en-v1.5 takes its [CLS] token (no
     * instruction for classification or similarity); e5 wants "query: " before every text used as a feature.
     */
    public enum Variant {
        /** all-MiniLM-L6-v2, int8: about twice as fast as full precision */
        QUANTIZED("all-minilm-l6-v2-q", "all-minilm-l6-v2-q", PoolingMode.MEAN, ""),
        FULL("all-minilm-l6-v2", "all-minilm-l6-v2", PoolingMode.MEAN, ""),
        BGE_SMALL_Q("bge-small-en-v15-q", "bge-small-en-v1.5-q", PoolingMode.CLS, ""),
        BGE_SMALL("bge-small-en-v15", "bge-small-en-v1.5", PoolingMode.CLS, ""),
        E5_SMALL_Q("e5-small-v2-q", "e5-small-v2-q", PoolingMode.MEAN, "query: "),
        E5_SMALL("e5-small-v2", "e5-small-v2", PoolingMode.MEAN, "query: ");

        /** the Maven artifact is dev.langchain4j:langchain4j-embeddings-{artifact} */
        private final String artifact;
        /** the model and tokenizer files at the root of the artifact's jar: {file}.onnx, {file}-tokenizer.json */
        private final String file;
        private final PoolingMode pooling;
        private final String prefix;

        Variant(String artifact, String file, PoolingMode pooling, String prefix) {
            this.artifact = artifact;
            this.file = file;
            this.pooling = pooling;
            this.prefix = prefix;
        }

        /** e.g. {@code quantized}, {@code bge-small-q}, {@code e5-small} */
        public static Variant named(String name) {
            return valueOf(name.strip().replace('-', '_').toUpperCase(Locale.ROOT));
        }

        /** the configuration name, the inverse of {@link #named} */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String artifact() {
            return "dev.langchain4j:langchain4j-embeddings-" + artifact;
        }

        /** the ONNX model file inside the artifact's jar */
        public String modelFile() {
            return file + ".onnx";
        }
    }

    /** texts embedded at once by {@link #embedAll}: one per core */
    public static final int THREADS = Runtime.getRuntime().availableProcessors();

    private final Variant variant;
    private final AbstractInProcessEmbeddingModel model;

    public SentenceEmbedder(Variant variant) {
        this.variant = variant;
        OnnxBertBiEncoder encoder = encoder(variant);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread thread = new Thread(r, "embedder");
            thread.setDaemon(true);
            return thread;
        });
        // langchain4j's tokenizer, long-text splitting and pooling, on a session of our own settings
        this.model = new AbstractInProcessEmbeddingModel(executor) {
            @Override
            protected OnnxBertBiEncoder model() {
                return encoder;
            }
        };
    }

    private static OnnxBertBiEncoder encoder(Variant variant) {
        try (InputStream model = resource(variant, variant.modelFile());
             InputStream tokenizer = resource(variant, variant.file + "-tokenizer.json");
             OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            OrtSession session = environment.createSession(model.readAllBytes(), options);
            return new OnnxBertBiEncoder(environment, session, tokenizer, variant.pooling);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + variant.artifact, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the model " + variant.artifact, e);
        }
    }

    private static InputStream resource(Variant variant, String name) {
        InputStream in = SentenceEmbedder.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new IllegalStateException("the model " + variant.configName() + " is not on the classpath: it needs "
                    + variant.artifact() + " among the dependencies");
        }
        return in;
    }

    @Override
    public float[] embed(String text) {
        return model.embed(variant.prefix + text).content().vector();
    }

    /** Embeds on {@link #THREADS} threads; the vectors are the ones {@link #embed} gives, in order. */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = texts.stream().map(text -> TextSegment.from(variant.prefix + text)).toList();
        return model.embedAll(segments).content().stream().map(Embedding::vector).toList();
    }

    public Variant variant() {
        return variant;
    }

    /** e.g. {@code all-minilm-l6-v2-q@1.19.0-beta29}, read from the model's jar so it cannot drift from the pom. */
    public String version() {
        String resource = "/META-INF/maven/dev.langchain4j/langchain4j-embeddings-" + variant.artifact + "/pom.properties";
        try (InputStream in = SentenceEmbedder.class.getResourceAsStream(resource)) {
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
