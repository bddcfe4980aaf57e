package dev.exceptionledger.bench.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.exceptionledger.classifier.domain.Calibration;
import dev.exceptionledger.classifier.domain.IntentModel;
import dev.exceptionledger.classifier.domain.SentenceEmbedder;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code bench/classifier-eval}: trains and calibrates {@link IntentModel} exactly as the service does, on JSONL rows
 * {@code {"text": ..., "intent": ...}} ({@code oos} = out of scope), and measures it on the test rows.
 */
public final class ClassifierEval {

    private static final String OOS = "oos";
    private static final int CHUNK = 256;
    private static final PrintStream OUT = System.out;

    record Row(String text, String intent) { }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("mean")) {
            mean(Path.of(args[1]), Arrays.stream(args, 2, args.length).map(Path::of).toList());
            return;
        }
        Map<String, List<Path>> files = new LinkedHashMap<>();
        double flagRate = 0.05;
        Path report = null;
        Path cache = null;
        SentenceEmbedder.Variant variant = SentenceEmbedder.Variant.QUANTIZED;
        IntentModel.Settings defaults = IntentModel.Settings.defaults(0.05);
        int epochs = defaults.epochs();
        double l2 = defaults.l2();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[++i] : usage("missing value for " + arg);
            switch (arg) {
                case "--train", "--calibrate", "--test" -> files.computeIfAbsent(arg, k -> new ArrayList<>()).add(Path.of(value));
                case "--report" -> report = Path.of(value);
                case "--flag-rate" -> flagRate = Double.parseDouble(value);
                case "--cache" -> cache = Path.of(value);
                case "--model" -> variant = SentenceEmbedder.Variant.named(value);
                case "--epochs" -> epochs = Integer.parseInt(value);
                case "--l2" -> l2 = Double.parseDouble(value);
                default -> usage("unknown option " + arg);
            }
        }
        if (report == null || !files.containsKey("--train") || !files.containsKey("--calibrate") || !files.containsKey("--test")) {
            usage("--train, --calibrate, --test and --report are required");
        }
        List<Row> train = read(files.get("--train"));
        List<Row> calibrate = read(files.get("--calibrate"));
        List<Row> test = read(files.get("--test"));
        List<String> classes = new ArrayList<>(new TreeSet<>(train.stream().map(Row::intent).filter(i -> !OOS.equals(i)).toList()));
        long trainOos = train.stream().filter(r -> OOS.equals(r.intent())).count();
        train = train.stream().filter(r -> !OOS.equals(r.intent())).toList();
        OUT.printf("train %d in-scope rows, %d classes%s; calibrate %d rows; test %d rows; flag rate %.3f%n",
                train.size(), classes.size(), trainOos > 0 ? " (" + trainOos + " oos rows not used: the model learns from in-scope data only)" : "",
                calibrate.size(), test.size(), flagRate);

        long loadStart = System.nanoTime();
        SentenceEmbedder embedder = new SentenceEmbedder(variant);
        OUT.printf("model %s loaded in %d ms%n", embedder.version(), (System.nanoTime() - loadStart) / 1_000_000);
        List<float[]> trainVectors = embed(embedder, "train", train, cache);
        List<float[]> calibrateVectors = embed(embedder, "calibrate", calibrate, cache);

        long fitStart = System.nanoTime();
        List<float[]> heldOut = new ArrayList<>();
        List<Integer> heldOutLabels = new ArrayList<>();
        for (int i = 0; i < calibrate.size(); i++) {
            int label = classes.indexOf(calibrate.get(i).intent());
            if (label >= 0) {
                heldOut.add(calibrateVectors.get(i));
                heldOutLabels.add(label);
            }
        }
        IntentModel model = IntentModel.trainAndCalibrate(trainVectors, labels(train, classes), classes.size(), heldOut,
                heldOutLabels.stream().mapToInt(Integer::intValue).toArray(),
                new IntentModel.Settings(flagRate, epochs, l2, defaults.knnK(), defaults.seed()));
        // hyperparameters are chosen on this figure (calibration rows), never on the test rows
        OUT.printf("trained (%d epochs, l2 %s) and calibrated in %d ms; accuracy on the calibration rows %.4f%n",
                epochs, l2, (System.nanoTime() - fitStart) / 1_000_000, model.calibration().heldOutAccuracy());

        // the throughput figure: test rows embedded (the model's own threads) and scored, per wall second
        long testStart = System.nanoTime();
        List<float[]> testVectors = embed(embedder, "test", test, null);
        List<IntentModel.Scored> scored = testVectors.parallelStream().map(model::score).toList();
        double perSecond = test.size() / ((System.nanoTime() - testStart) / 1e9);

        List<IntentModel.Scored> calibrationScored = calibrateVectors.parallelStream().map(model::score).toList();
        Map<String, Object> result = metrics(model, classes, calibrate, calibrationScored, test, scored);
        result.put("classificationsPerSecond", round(perSecond));
        Map<String, Object> protocol = new LinkedHashMap<>();
        protocol.put("model", embedder.version());
        protocol.put("train", files.get("--train").stream().map(Path::toString).toList());
        protocol.put("calibrate", files.get("--calibrate").stream().map(Path::toString).toList());
        protocol.put("test", files.get("--test").stream().map(Path::toString).toList());
        protocol.put("trainRows", train.size());
        protocol.put("calibrationInScopeRows", heldOut.size());
        protocol.put("calibrationOosRows", calibrate.size() - heldOut.size());
        protocol.put("testInScopeRows", test.stream().filter(r -> !OOS.equals(r.intent())).count());
        protocol.put("testOosRows", test.stream().filter(r -> OOS.equals(r.intent())).count());
        protocol.put("flagRate", flagRate);
        protocol.put("epochs", epochs);
        protocol.put("l2", l2);
        protocol.put("calibrationAccuracy", round(model.calibration().heldOutAccuracy()));
        result.put("protocol", protocol);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), result);
        printTable(result);
        OUT.println("report written to " + report);
    }

    static Map<String, Object> metrics(IntentModel model, List<String> classes, List<Row> calibrate,
                                       List<IntentModel.Scored> calibrationScored, List<Row> test,
                                       List<IntentModel.Scored> scored) {
        Calibration calibration = model.calibration();
        List<Double> inScores = new ArrayList<>();
        List<Double> oosScores = new ArrayList<>();
        int correct = 0;
        int inScope = 0;
        int inFlagged = 0;
        int oosFlagged = 0;
        List<Double> confidence = new ArrayList<>();
        List<Boolean> right = new ArrayList<>();
        int components = IntentModel.COMPONENTS.size();
        List<List<Double>> inComponent = new ArrayList<>();
        List<List<Double>> oosComponent = new ArrayList<>();
        for (int c = 0; c < components; c++) {
            inComponent.add(new ArrayList<>());
            oosComponent.add(new ArrayList<>());
        }
        for (int i = 0; i < test.size(); i++) {
            IntentModel.Scored s = scored.get(i);
            boolean oos = OOS.equals(test.get(i).intent());
            (oos ? oosScores : inScores).add(s.score());
            for (int c = 0; c < components; c++) {
                (oos ? oosComponent : inComponent).get(c).add(s.components()[c]);
            }
            if (oos) {
                oosFlagged += s.novel() ? 1 : 0;
            } else {
                inScope++;
                boolean ok = classes.get(s.intent()).equals(test.get(i).intent());
                correct += ok ? 1 : 0;
                inFlagged += s.novel() ? 1 : 0;
                confidence.add(s.confidence());
                right.add(ok);
            }
        }
        double larsonThreshold = larsonThreshold(classes, calibrate, calibrationScored);
        int larsonIn = 0;
        int larsonOos = 0;
        for (int i = 0; i < test.size(); i++) {
            IntentModel.Scored s = scored.get(i);
            boolean flagged = s.score() > larsonThreshold;
            if (OOS.equals(test.get(i).intent())) {
                larsonOos += flagged ? 1 : 0;
            } else if (!flagged && classes.get(s.intent()).equals(test.get(i).intent())) {
                larsonIn++;
            }
        }
        boolean[] rightArray = new boolean[right.size()];
        for (int i = 0; i < rightArray.length; i++) {
            rightArray[i] = right.get(i);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("inScopeAccuracy", round((double) correct / inScope));
        r.put("auroc", round(auroc(inScores, oosScores)));
        r.put("fpr95", round(fpr95(inScores, oosScores)));
        r.put("oosRecallAtFlagRate", round((double) oosFlagged / Math.max(1, oosScores.size())));
        r.put("inScopeFlagRate", round((double) inFlagged / inScope));
        r.put("larsonInScopeAccuracy", round((double) larsonIn / inScope));
        r.put("larsonOosRecall", round((double) larsonOos / Math.max(1, oosScores.size())));
        r.put("expectedCalibrationError", round(Calibration.ece(confidence.stream().mapToDouble(Double::doubleValue).toArray(), rightArray)));
        r.put("calibratedThreshold", round(calibration.threshold()));
        r.put("expectedFlagRate", round(calibration.expectedFlagRate()));
        r.put("larsonThreshold", round(larsonThreshold));
        r.put("temperature", round(calibration.temperature()));
        r.put("calibrationEceBeforeScaling", round(calibration.eceBefore()));
        r.put("calibrationEceAfterScaling", round(calibration.eceAfter()));
        Map<String, Object> byComponent = new LinkedHashMap<>();
        for (int c = 0; c < components; c++) {
            byComponent.put(IntentModel.COMPONENTS.get(c), round(auroc(inComponent.get(c), oosComponent.get(c))));
        }
        r.put("componentAuroc", byComponent);
        return r;
    }

    /** Larson et al. 2019: the threshold that maximises 151-class accuracy on the calibration rows. */
    static double larsonThreshold(List<String> classes, List<Row> rows, List<IntentModel.Scored> scored) {
        double[] candidates = scored.stream().mapToDouble(IntentModel.Scored::score).sorted().toArray();
        double best = Double.POSITIVE_INFINITY;
        int bestCorrect = -1;
        for (double t : candidates) {
            int ok = 0;
            for (int i = 0; i < rows.size(); i++) {
                IntentModel.Scored s = scored.get(i);
                boolean flagged = s.score() > t;
                ok += OOS.equals(rows.get(i).intent()) ? (flagged ? 1 : 0)
                        : (!flagged && classes.get(s.intent()).equals(rows.get(i).intent()) ? 1 : 0);
            }
            if (ok > bestCorrect) {
                bestCorrect = ok;
                best = t;
            }
        }
        return best;
    }

    /** The probability that a random out-of-scope row scores above a random in-scope one (ties count half). */
    static double auroc(List<Double> in, List<Double> oos) {
        if (in.isEmpty() || oos.isEmpty()) {
            return Double.NaN;
        }
        double[] sortedIn = in.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double o : oos) {
            int below = lowerBound(sortedIn, o);
            int notAbove = upperBound(sortedIn, o);
            sum += below + (notAbove - below) / 2.0;
        }
        return sum / ((double) in.size() * oos.size());
    }

    /** The share of in-scope rows flagged at the threshold that flags 95% of the out-of-scope rows. */
    static double fpr95(List<Double> in, List<Double> oos) {
        if (in.isEmpty() || oos.isEmpty()) {
            return Double.NaN;
        }
        double[] sortedOos = oos.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double threshold = sortedOos[(int) Math.floor(0.05 * sortedOos.length)];
        return in.stream().filter(s -> s >= threshold).count() / (double) in.size();
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int[] labels(List<Row> rows, List<String> classes) {
        return rows.stream().mapToInt(r -> classes.indexOf(r.intent())).toArray();
    }

    private static List<Row> read(List<Path> paths) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<Row> rows = new ArrayList<>();
        for (Path path : paths) {
            int line = 0;
            for (String text : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node = mapper.readTree(text);
                if (!node.hasNonNull("text") || !node.hasNonNull("intent")) {
                    throw new IllegalArgumentException(path + ":" + line + ": needs \"text\" and \"intent\"");
                }
                rows.add(new Row(node.get("text").asText(), node.get("intent").asText()));
            }
        }
        return rows;
    }

    /** Embeds in chunks with a progress bar; the optional cache (keyed by model and texts) spares re-runs. */
    private static List<float[]> embed(SentenceEmbedder embedder, String what, List<Row> rows, Path cache)
            throws IOException, NoSuchAlgorithmException {
        List<String> texts = rows.stream().map(Row::text).toList();
        Path cached = cache == null ? null : cache.resolve(key(embedder.version(), texts) + ".vectors");
        if (cached != null && Files.exists(cached)) {
            OUT.printf("%-9s %d vectors from the cache %s%n", what, texts.size(), cached);
            return readVectors(cached);
        }
        List<float[]> vectors = new ArrayList<>();
        long start = System.nanoTime();
        for (int from = 0; from < texts.size(); from += CHUNK) {
            embedder.embedAll(texts.subList(from, Math.min(texts.size(), from + CHUNK)))
                    .forEach(v -> vectors.add(IntentModel.unit(v)));
            int done = vectors.size();
            int filled = 30 * done / texts.size();
            double rate = done / ((System.nanoTime() - start) / 1e9);
            OUT.printf("\r%-9s [%s%s] %d/%d %.0f/s ", what, "#".repeat(filled), ".".repeat(30 - filled), done,
                    texts.size(), rate);
        }
        OUT.println();
        if (cached != null) {
            Files.createDirectories(cache);
            writeVectors(cached, vectors);
        }
        return vectors;
    }

    private static String key(String model, List<String> texts) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(model.getBytes(StandardCharsets.UTF_8));
        texts.forEach(t -> digest.update((t + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 24);
    }

    private static void writeVectors(Path path, List<float[]> vectors) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(path)))) {
            out.writeInt(vectors.size());
            out.writeInt(vectors.get(0).length);
            for (float[] v : vectors) {
                for (float f : v) {
                    out.writeFloat(f);
                }
            }
        }
    }

    private static List<float[]> readVectors(Path path) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(path)))) {
            int n = in.readInt();
            int dim = in.readInt();
            List<float[]> vectors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = in.readFloat();
                }
                vectors.add(v);
            }
            return vectors;
        }
    }

    /**
     * {@code mean OUT.json FOLD.json...}: a cross-evaluation's summary, each figure the mean over the folds (with
     * folds of equal size, as the CLINC150 protocol's, a rate's mean is the pooled rate), the folds' protocols kept.
     */
    static void mean(Path report, List<Path> folds) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> reports = new ArrayList<>();
        for (Path fold : folds) {
            reports.add(json.readTree(fold.toFile()));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        reports.get(0).fieldNames().forEachRemaining(field -> {
            if (reports.get(0).get(field).isNumber()) {
                result.put(field, round(reports.stream().mapToDouble(r -> r.get(field).asDouble()).average().orElseThrow()));
            } else if (reports.get(0).get(field).isObject() && !field.equals("protocol")) {
                Map<String, Object> means = new LinkedHashMap<>();
                reports.get(0).get(field).fieldNames().forEachRemaining(key -> means.put(key,
                        round(reports.stream().mapToDouble(r -> r.get(field).get(key).asDouble()).average().orElseThrow())));
                result.put(field, means);
            }
        });
        result.put("folds", folds.stream().map(Path::toString).toList());
        result.put("foldProtocols", reports.stream().map(r -> r.get("protocol")).toList());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), result);
        OUT.printf("%nmean of %d folds (%s)%n", folds.size(), folds.stream().map(Path::getFileName).toList());
        printTable(result);
        OUT.println("report written to " + report);
    }

    private static void printTable(Map<String, Object> result) {
        String[][] rows = {
                {"inScopeAccuracy", ">= 0.95"}, {"auroc", ">= 0.975"}, {"fpr95", ""},
                {"oosRecallAtFlagRate", ">= 0.87"}, {"inScopeFlagRate", "flag rate ± 0.01"},
                {"larsonInScopeAccuracy", ""}, {"larsonOosRecall", ""}, {"expectedCalibrationError", ""},
                {"classificationsPerSecond", ""}, {"calibratedThreshold", ""}, {"expectedFlagRate", ""},
                {"temperature", ""}};
        OUT.println();
        OUT.printf("%-26s %10s   %s%n", "metric", "value", "target");
        for (String[] row : rows) {
            OUT.printf("%-26s %10s   %s%n", row[0], result.get(row[0]), row[1]);
        }
        OUT.printf("%-26s %s%n", "componentAuroc", result.get("componentAuroc"));
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    private static String usage(String problem) {
        System.err.println(problem + "\nusage: bench/classifier-eval --train F.jsonl [--train F2.jsonl] --calibrate V.jsonl "
                + "[--calibrate V2.jsonl] --test T.jsonl [--test T2.jsonl] --report out.json [--flag-rate 0.05] [--model quantized|full|bge-small-q|bge-small|e5-small-q|e5-small] [--epochs N] [--l2 X] [--cache DIR]");
        System.exit(2);
        return null;
    }
}
