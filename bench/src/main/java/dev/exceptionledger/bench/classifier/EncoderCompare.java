package dev.exceptionledger.bench.classifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.classifier.domain.IntentModel;
import dev.exceptionledger.classifier.domain.ScoredText;
import dev.exceptionledger.classifier.domain.SentenceEmbedder;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.contracts.ConversationTurn;
import dev.exceptionledger.contracts.InteractionReceived;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code bench/encoder-compare}: the classifier's sentence encoders side by side. {@code measure} runs in a JVM of its
 * own per encoder (so its memory figures are that encoder's): model file size, load time, resident set and heap after
 * loading, CPU and wall time per text (one text per inference, as the service embeds), per-text determinism, and the
 * intent accuracy of {@link IntentModel} on the B2B set's val split. {@code summary} joins those reports with each
 * encoder's CLINC150 val reports ({@code bench/classifier-eval clinc150}) into one table.
 */
public final class EncoderCompare {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final int COLD = 50;
    private static final int WARM_UP = 300;
    private static final int WARM_CLINC = 1000;
    private static final String BASELINE = "quantized";

    /** A B2B item: its id, the text the service scores ({@link ScoredText}) and its labelled intent. */
    record Item(String id, String text, String intent) { }

    /** CPU and wall time of a run of texts, one per inference, on the calling thread. */
    record Timing(int texts, double threadCpuMsPerText, double wallMsPerText, double processCpuMsPerText,
                  double firstTextThreadCpuMs) { }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        switch (args.length > 0 ? args[0] : "") {
            case "measure" -> measure(SentenceEmbedder.Variant.named(options.get("--model")), Path.of(options.get("--data")),
                    Path.of(options.get("--clinc150")), Path.of(options.get("--report")));
            case "summary" -> summary(Path.of(options.get("--reports")), List.of(options.get("--models").split(",")),
                    options.get("--load-start"), Path.of(options.get("--out")));
            default -> {
                System.err.println("usage: EncoderCompare measure --model M --data datasets/b2b --clinc150 DIR --report F.json\n"
                        + "       EncoderCompare summary --reports DIR --models a,b --load-start \"$(cat /proc/loadavg)\" --out PREFIX");
                System.exit(2);
            }
        }
    }

    static void measure(SentenceEmbedder.Variant variant, Path b2b, Path clinc150, Path report) throws Exception {
        String loadStart = loadavg();
        List<Item> train = items(b2b.resolve("train.jsonl"));
        List<Item> calibration = items(b2b.resolve("calibration.jsonl"));
        List<Item> val = items(b2b.resolve("val.jsonl"));
        List<Item> all = new ArrayList<>(train);
        all.addAll(calibration);
        all.addAll(val);
        List<String> b2bTexts = all.stream().map(Item::text).toList();
        // val only: the CLINC150 test split is never read
        List<String> clinc = Files.readAllLines(clinc150.resolve("val.jsonl"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).map(line -> read(line).get("text").asText()).toList();

        ObjectNode r = JSON.createObjectNode();
        r.put("model", variant.configName());
        r.put("artifact", variant.artifact());
        r.put("loadavgStart", loadStart);
        r.put("modelFileMb", mb(modelFileBytes(variant)));
        r.put("rssBeforeLoadMb", mb(status("VmRSS")));
        long start = System.nanoTime();
        SentenceEmbedder embedder = new SentenceEmbedder(variant);
        r.put("loadMs", (System.nanoTime() - start) / 1_000_000);
        r.put("version", embedder.version());
        System.gc();
        r.put("rssAfterLoadMb", mb(status("VmRSS")));
        r.put("heapUsedAfterLoadMb", mb(heapUsed()));
        OUT.printf("%s: %s loaded in %d ms, RSS %s MB%n", variant.configName(), embedder.version(), r.get("loadMs").asLong(),
                r.get("rssAfterLoadMb"));

        // cold: the first texts after loading, as a freshly started service meets them
        List<float[]> vectors = new ArrayList<>(Collections.nCopies(b2bTexts.size(), null));
        Timing cold = time(embedder, b2bTexts.subList(0, COLD), vectors);
        time(embedder, clinc.subList(0, WARM_UP), null);
        Timing warm = time(embedder, b2bTexts, vectors);
        Timing warmClinc = time(embedder, clinc.subList(WARM_UP, WARM_UP + WARM_CLINC), null);
        OUT.printf("CPU per text: cold %.2f ms, warm %.2f ms (B2B), %.2f ms (CLINC150 val)%n",
                cold.threadCpuMsPerText(), warm.threadCpuMsPerText(), warmClinc.threadCpuMsPerText());
        ObjectNode cpu = r.putObject("oneTextPerInference");
        cpu.set("coldFirst50B2b", JSON.valueToTree(cold));
        cpu.set("warmB2b", JSON.valueToTree(warm));
        cpu.set("warmClinc150Val", JSON.valueToTree(warmClinc));

        // the service's path for several texts: embedAll, one inference per text on one thread per core, in any order
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < b2bTexts.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        double cpuBefore = OS.getProcessCpuTime();
        start = System.nanoTime();
        List<float[]> parallel = embedder.embedAll(order.stream().map(b2bTexts::get).toList());
        double wall = (System.nanoTime() - start) / 1e6;
        double processCpu = (OS.getProcessCpuTime() - cpuBefore) / 1e6;
        ObjectNode parallelRun = r.putObject("embedAllB2b");
        parallelRun.put("threads", SentenceEmbedder.THREADS);
        parallelRun.put("textsPerWallSecond", round(b2bTexts.size() / (wall / 1000)));
        parallelRun.put("processCpuMsPerText", round(processCpu / b2bTexts.size()));
        int differ = 0;
        for (int k = 0; k < order.size(); k++) {
            differ += Arrays.equals(parallel.get(k), vectors.get(order.get(k))) ? 0 : 1;
        }
        for (int i = 99; i >= 0; i--) {
            differ += Arrays.equals(embedder.embed(b2bTexts.get(i)), vectors.get(i)) ? 0 : 1;
        }
        // every text's vector bit for bit the same alone, in another order and beside other texts on other threads
        r.put("deterministic", differ == 0);
        r.put("vectorsDiffering", differ);
        r.put("dimensions", vectors.get(0).length);
        r.put("peakRssMb", mb(status("VmHWM")));
        r.put("rssAfterRunMb", mb(status("VmRSS")));

        r.set("b2b", b2bQuality(embedder, vectors, train, calibration, val));
        r.put("loadavgEnd", loadavg());
        Files.createDirectories(report.toAbsolutePath().getParent());
        JSON.writeValue(report.toFile(), r);
        OUT.printf("B2B val: intent accuracy %s, macro-F1 %s; cross-validated %s; deterministic %s; report %s%n",
                r.get("b2b").get("intentAccuracy"), r.get("b2b").get("macroF1"),
                r.get("b2b").get("crossValidated").get("intentAccuracy"), r.get("deterministic"), report);
    }

    /**
     * Intent on the B2B set. Val: {@link IntentModel} trained on the shipped taxonomy's examples plus the B2B train
     * items (the set has intents the taxonomy lacks), calibrated on the B2B calibration items, scored on val. As a
     * second, larger sample (val has 196 items): 5-fold cross-validation over train + calibration, each fold scored by
     * a model trained on the taxonomy's examples and the other four folds. A fold's model is calibrated on the fold
     * itself, which is harmless here: calibration (temperature, novelty threshold) never moves the predicted intent,
     * the only figure read from it.
     */
    static ObjectNode b2bQuality(SentenceEmbedder embedder, List<float[]> vectors, List<Item> train,
                                 List<Item> calibration, List<Item> val) throws IOException {
        Taxonomy taxonomy;
        try (InputStream in = EncoderCompare.class.getResourceAsStream("/taxonomy/default.json")) {
            taxonomy = Taxonomy.read(in);
        }
        List<Item> examples = new ArrayList<>();
        for (Taxonomy.Intent intent : taxonomy.intents()) {
            intent.examples().forEach(e -> examples.add(new Item("taxonomy", e, intent.name())));
        }
        List<float[]> exampleVectors = embedder.embedAll(examples.stream().map(Item::text).toList());
        Labelled taught = new Labelled(examples, exampleVectors);
        Labelled trainSet = new Labelled(train, vectors.subList(0, train.size()));
        Labelled calibrationSet = new Labelled(calibration, vectors.subList(train.size(), train.size() + calibration.size()));
        Labelled valSet = new Labelled(val, vectors.subList(train.size() + calibration.size(), vectors.size()));
        List<String> classes = new ArrayList<>(new TreeSet<>(taught.plus(trainSet).items().stream().map(Item::intent).toList()));

        ObjectNode b = JSON.createObjectNode();
        b.put("taxonomyVersion", taxonomy.version());
        b.put("taxonomyExamples", examples.size());
        b.put("trainRows", examples.size() + train.size());
        b.put("classes", classes.size());
        b.put("calibrationRows", calibration.size());
        b.put("valRows", val.size());
        IntentModel model = fit(taught.plus(trainSet), calibrationSet, classes);
        Scores onVal = Scores.of(model, valSet, classes);
        b.put("intentAccuracy", onVal.accuracy());
        b.put("macroF1", onVal.macroF1());
        b.put("calibrationAccuracy", round(model.calibration().heldOutAccuracy()));
        b.put("valFlaggedNovel", onVal.flagged());

        // folds: round-robin within each intent, items in file order
        Labelled pool = trainSet.plus(calibrationSet);
        int folds = 5;
        int[] fold = new int[pool.items().size()];
        Map<String, Integer> seen = new TreeMap<>();
        for (int i = 0; i < fold.length; i++) {
            fold[i] = seen.merge(pool.items().get(i).intent(), 1, Integer::sum) % folds;
        }
        ObjectNode crossPredicted = JSON.createObjectNode();
        Scores.Counts counts = new Scores.Counts(classes.size());
        for (int f = 0; f < folds; f++) {
            Labelled in = taught;
            Labelled out = new Labelled(new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < fold.length; i++) {
                Labelled one = new Labelled(List.of(pool.items().get(i)), List.of(pool.vectors().get(i)));
                if (fold[i] == f) {
                    out = out.plus(one);
                } else {
                    in = in.plus(one);
                }
            }
            Scores.of(fit(in, out, classes), out, classes, counts, crossPredicted);
        }
        ObjectNode cross = b.putObject("crossValidated");
        cross.put("folds", folds);
        cross.put("items", pool.items().size());
        cross.put("intentAccuracy", counts.accuracy());
        cross.put("macroF1", counts.macroF1());
        cross.set("predicted", crossPredicted);
        b.set("predicted", onVal.predicted());
        ObjectNode truth = JSON.createObjectNode();
        valSet.plus(pool).items().forEach(item -> truth.put(item.id(), item.intent()));
        b.set("truth", truth);
        return b;
    }

    /** Items with their vectors, in the same order. */
    record Labelled(List<Item> items, List<float[]> vectors) {
        Labelled plus(Labelled other) {
            List<Item> i = new ArrayList<>(items);
            i.addAll(other.items);
            List<float[]> v = new ArrayList<>(vectors);
            v.addAll(other.vectors);
            return new Labelled(i, v);
        }

        int[] labels(List<String> classes) {
            return items.stream().mapToInt(item -> classes.indexOf(item.intent())).toArray();
        }
    }

    private static IntentModel fit(Labelled train, Labelled calibrate, List<String> classes) {
        return IntentModel.trainAndCalibrate(units(train.vectors()), train.labels(classes), classes.size(),
                units(calibrate.vectors()), calibrate.labels(classes), IntentModel.Settings.defaults(0.05));
    }

    /** Intent accuracy, macro-F1 and the share flagged novel of one model on labelled items. */
    record Scores(double accuracy, double macroF1, double flagged, ObjectNode predicted) {

        static Scores of(IntentModel model, Labelled test, List<String> classes) {
            Counts counts = new Counts(classes.size());
            ObjectNode predicted = JSON.createObjectNode();
            of(model, test, classes, counts, predicted);
            return new Scores(counts.accuracy(), counts.macroF1(), round((double) counts.flagged / counts.total), predicted);
        }

        static void of(IntentModel model, Labelled test, List<String> classes, Counts counts, ObjectNode predicted) {
            for (int i = 0; i < test.items().size(); i++) {
                IntentModel.Scored scored = model.score(IntentModel.unit(test.vectors().get(i)));
                counts.add(classes.indexOf(test.items().get(i).intent()), scored.intent(), scored.novel());
                predicted.put(test.items().get(i).id(), classes.get(scored.intent()));
            }
        }

        static final class Counts {
            private final int[] truePositive;
            private final int[] predicted;
            private final int[] actual;
            private int correct;
            private int flagged;
            private int total;

            Counts(int classes) {
                truePositive = new int[classes];
                predicted = new int[classes];
                actual = new int[classes];
            }

            void add(int truth, int guess, boolean novel) {
                predicted[guess]++;
                actual[truth]++;
                truePositive[truth] += guess == truth ? 1 : 0;
                correct += guess == truth ? 1 : 0;
                flagged += novel ? 1 : 0;
                total++;
            }

            double accuracy() {
                return round((double) correct / total);
            }

            double macroF1() {
                double sum = 0;
                for (int c = 0; c < actual.length; c++) {
                    sum += predicted[c] + actual[c] == 0 ? 0 : 2.0 * truePositive[c] / (predicted[c] + actual[c]);
                }
                return round(sum / actual.length);
            }
        }
    }

    /** One text per inference on this thread, in order; keeps the vectors if {@code into} is given. */
    static Timing time(SentenceEmbedder embedder, List<String> texts, List<float[]> into) {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long processCpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        long first = 0;
        for (int i = 0; i < texts.size(); i++) {
            float[] vector = embedder.embed(texts.get(i));
            if (i == 0) {
                first = THREADS.getCurrentThreadCpuTime() - cpu;
            }
            if (into != null) {
                into.set(i, vector);
            }
        }
        double n = texts.size();
        return new Timing(texts.size(), round((THREADS.getCurrentThreadCpuTime() - cpu) / 1e6 / n),
                round((System.nanoTime() - wall) / 1e6 / n), round((OS.getProcessCpuTime() - processCpu) / 1e6 / n),
                round(first / 1e6));
    }

    /** Joins each encoder's measure report and CLINC150 val reports into {@code out}.json and {@code out}.txt. */
    static void summary(Path reports, List<String> models, String loadStart, Path out) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("measuredAt", Instant.now().toString());
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("loadavgStart", loadStart);
        s.put("loadavgEnd", loadavg());
        s.put("baseline", BASELINE);
        ArrayNode encoders = s.putArray("encoders");
        JsonNode baseline = null;
        for (String model : models) {
            ObjectNode m = (ObjectNode) JSON.readTree(reports.resolve(model + ".json").toFile());
            ObjectNode clinc = m.putObject("clinc150Val");
            Path meanReport = reports.resolve(model + "-clinc150-val-mean.json");
            JsonNode mean = JSON.readTree(meanReport.toFile());
            clinc.put("measuredAt", Files.getLastModifiedTime(meanReport).toInstant().toString());
            for (String key : List.of("inScopeAccuracy", "auroc", "fpr95", "oosRecallAtFlagRate", "inScopeFlagRate",
                    "expectedCalibrationError", "classificationsPerSecond")) {
                clinc.set(key, mean.get(key));
            }
            clinc.set("componentAuroc", mean.get("componentAuroc"));
            for (String fold : List.of("val", "val-swapped")) {
                JsonNode f = JSON.readTree(reports.resolve(model + "-clinc150-" + fold + ".json").toFile());
                clinc.putObject(fold).put("inScopeAccuracy", f.get("inScopeAccuracy").asDouble())
                        .put("auroc", f.get("auroc").asDouble());
            }
            if (model.equals(BASELINE)) {
                baseline = m;
            }
            encoders.add(m);
        }
        if (baseline != null) {
            for (JsonNode m : encoders) {
                ((ObjectNode) m.get("b2b")).set("againstBaseline", paired(baseline, m));
            }
        }
        JSON.writeValue(out.resolveSibling(out.getFileName() + ".json").toFile(), s);
        String table = table(s);
        Files.writeString(out.resolveSibling(out.getFileName() + ".txt"), table);
        OUT.print(table);
    }

    /**
     * Items only one of the two encoders gets right, and the exact two-sided McNemar p of that split: on val, and on
     * val plus the cross-validated items (every item of the set, each predicted by a model that did not learn it).
     */
    static ObjectNode paired(JsonNode baseline, JsonNode candidate) {
        ObjectNode p = JSON.createObjectNode();
        JsonNode truth = baseline.get("b2b").get("truth");
        int[] val = discordant(truth, baseline.get("b2b").get("predicted"), candidate.get("b2b").get("predicted"));
        int[] cross = discordant(truth, baseline.get("b2b").get("crossValidated").get("predicted"),
                candidate.get("b2b").get("crossValidated").get("predicted"));
        p.put("valOnlyBaselineRight", val[0]);
        p.put("valOnlyThisRight", val[1]);
        p.put("valMcnemarExactP", mcnemar(val[0], val[1]));
        p.put("allItemsOnlyBaselineRight", val[0] + cross[0]);
        p.put("allItemsOnlyThisRight", val[1] + cross[1]);
        p.put("allItemsMcnemarExactP", mcnemar(val[0] + cross[0], val[1] + cross[1]));
        return p;
    }

    private static int[] discordant(JsonNode truth, JsonNode a, JsonNode b) {
        int[] counts = new int[2];
        for (var it = a.fieldNames(); it.hasNext(); ) {
            String id = it.next();
            boolean aRight = a.get(id).asText().equals(truth.get(id).asText());
            boolean bRight = b.get(id).asText().equals(truth.get(id).asText());
            counts[0] += aRight && !bRight ? 1 : 0;
            counts[1] += bRight && !aRight ? 1 : 0;
        }
        return counts;
    }

    /** Two-sided exact binomial test of b against b + c at one half. */
    static double mcnemar(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1;
        }
        int k = Math.min(b, c);
        double tail = 0;
        double logHalfN = n * Math.log(0.5);
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logChoose(n, i) + logHalfN);
        }
        return Math.min(1, 2 * tail);
    }

    private static double logChoose(int n, int k) {
        double sum = 0;
        for (int i = 1; i <= k; i++) {
            sum += Math.log(n - k + i) - Math.log(i);
        }
        return sum;
    }

    static String table(JsonNode s) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("encoder-compare %s, %d cores, load average %s -> %s%n", s.get("measuredAt").asText(),
                s.get("cores").asInt(), s.get("loadavgStart").asText().strip(), s.get("loadavgEnd").asText().strip()));
        String format = "%-12s %8s %7s %6s %6s | %6s %6s %6s %17s | %8s %5s %8s %8s %9s | %6s %6s %5s %5s %6s%n";
        t.append(String.format(format, "", "CLINC150", "val", "", "", "B2B", "", "", "", "CPU ms/text", "", "", "", "wall",
                "memory", "", "", "load", ""));
        t.append(String.format(format, "model", "accuracy", "AUROC", "OOSrec", "flag", "val", "valF1", "cv", "+/- vs q (p)",
                "warm B2B", "x q", "CLINC150", "cold", "warm B2B", "file", "RSS", "heap", "ms", "determ"));
        double base = 0;
        for (JsonNode m : s.get("encoders")) {
            if (m.get("model").asText().equals(s.get("baseline").asText())) {
                base = m.get("oneTextPerInference").get("warmB2b").get("threadCpuMsPerText").asDouble();
            }
        }
        for (JsonNode m : s.get("encoders")) {
            JsonNode c = m.get("clinc150Val");
            JsonNode b = m.get("b2b");
            JsonNode cpu = m.get("oneTextPerInference");
            JsonNode vs = b.get("againstBaseline");
            double warm = cpu.get("warmB2b").get("threadCpuMsPerText").asDouble();
            t.append(String.format(format, m.get("model").asText(), c.get("inScopeAccuracy"), c.get("auroc"),
                    c.get("oosRecallAtFlagRate"), c.get("inScopeFlagRate"), b.get("intentAccuracy"), b.get("macroF1"),
                    b.get("crossValidated").get("intentAccuracy"),
                    vs == null ? "" : String.format("+%d/-%d (%.1g)", vs.get("allItemsOnlyThisRight").asInt(),
                            vs.get("allItemsOnlyBaselineRight").asInt(), vs.get("allItemsMcnemarExactP").asDouble()),
                    String.format("%.2f", warm), base == 0 ? "" : String.format("%.2f", warm / base),
                    String.format("%.2f", cpu.get("warmClinc150Val").get("threadCpuMsPerText").asDouble()),
                    String.format("%.2f", cpu.get("coldFirst50B2b").get("threadCpuMsPerText").asDouble()),
                    String.format("%.2f", cpu.get("warmB2b").get("wallMsPerText").asDouble()),
                    m.get("modelFileMb"), m.get("rssAfterLoadMb"), m.get("heapUsedAfterLoadMb"), m.get("loadMs"),
                    m.get("deterministic").asBoolean() ? "yes" : "NO"));
        }
        JsonNode first = s.get("encoders").get(0).get("b2b");
        t.append(String.format("%nCLINC150 val: mean of the two folds of bench/classifier-eval clinc150. B2B val: %d items; cv: "
                        + "%d-fold cross-validation over train + calibration (%d items); +/- vs q: items of all %d this "
                        + "encoder gets right and quantized wrong / the other way round, exact McNemar p. CPU: thread CPU "
                        + "per text, one text per inference, warm (after %d texts) and cold (the first %d after loading); "
                        + "memory in MB: model file, JVM RSS and heap used after loading.%n",
                first.get("valRows").asInt(), first.get("crossValidated").get("folds").asInt(),
                first.get("crossValidated").get("items").asInt(),
                first.get("valRows").asInt() + first.get("crossValidated").get("items").asInt(), WARM_UP + COLD, COLD));
        for (JsonNode m : s.get("encoders")) {
            t.append(String.format("%-12s %s, %d dims, CLINC150 reports of %s; measured at load average %s -> %s; "
                            + "embedAll on %d threads: %s texts/s, %s ms process CPU per text; peak RSS %s MB%n",
                    m.get("model").asText(), m.get("version").asText(), m.get("dimensions").asInt(),
                    m.get("clinc150Val").get("measuredAt").asText(),
                    m.get("loadavgStart").asText().strip(), m.get("loadavgEnd").asText().strip(),
                    m.get("embedAllB2b").get("threads").asInt(), m.get("embedAllB2b").get("textsPerWallSecond"),
                    m.get("embedAllB2b").get("processCpuMsPerText"), m.get("peakRssMb")));
        }
        return t.toString();
    }

    private static List<float[]> units(List<float[]> vectors) {
        return vectors.stream().map(IntentModel::unit).toList();
    }

    /** The B2B items of one split, each with the text the service would score for it. */
    static List<Item> items(Path file) throws IOException {
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = read(line);
            JsonNode interaction = node.get("interaction");
            List<ConversationTurn> turns = new ArrayList<>();
            if (interaction.has("turns")) {
                interaction.get("turns").forEach(turn -> turns.add(
                        new ConversationTurn(turn.path("role").asText(null), turn.path("text").asText(null), null)));
            }
            InteractionReceived received = new InteractionReceived(null, interaction.path("subject").asText(null),
                    interaction.path("text").asText(null), null, turns, null, null, null, null);
            items.add(new Item(node.get("id").asText(), ScoredText.of(received), node.get("intent").asText()));
        }
        return items;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + line, e);
        }
    }

    private static long modelFileBytes(SentenceEmbedder.Variant variant) throws IOException {
        URL url = SentenceEmbedder.class.getResource("/" + variant.modelFile());
        return url == null ? -1 : url.openConnection().getContentLengthLong();
    }

    /** A line of /proc/self/status, e.g. VmRSS, in bytes. */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String loadavg() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    private static double round(double value) {
        return Math.round(value * 10000) / 10000.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }
}
