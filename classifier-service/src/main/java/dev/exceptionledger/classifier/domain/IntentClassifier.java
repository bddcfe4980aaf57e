package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.Intent;
import dev.exceptionledger.contracts.AgentDecision;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.NearestExample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Scores an interaction against the taxonomy by nearest neighbours in embedding space: the intent whose k closest
 * examples are closest on average wins; novelty is how far even those are. The examples are embedded once, here.
 */
public final class IntentClassifier {

    private record Example(String intent, String text, float[] vector) { }

    private record IntentScore(Intent intent, double score) { }

    private final Taxonomy taxonomy;
    private final Embedder embedder;
    private final ClassifierSettings settings;
    private final ValueSignalDetector signals;
    private final List<Example> examples = new ArrayList<>();

    public IntentClassifier(Taxonomy taxonomy, Embedder embedder, ClassifierSettings settings) {
        this.taxonomy = taxonomy;
        this.embedder = embedder;
        this.settings = settings;
        this.signals = new ValueSignalDetector(taxonomy);
        for (Intent intent : taxonomy.intents()) {
            List<float[]> vectors = embedder.embedAll(intent.examples());
            for (int i = 0; i < vectors.size(); i++) {
                examples.add(new Example(intent.name(), intent.examples().get(i), unit(vectors.get(i))));
            }
        }
    }

    public Taxonomy taxonomy() {
        return taxonomy;
    }

    public InteractionClassified classify(InteractionReceived interaction) {
        String text = ScoredText.of(interaction);
        float[] query = unit(embedder.embed(text));
        double[] similarity = new double[examples.size()];
        for (int i = 0; i < similarity.length; i++) {
            similarity[i] = dot(query, examples.get(i).vector());
        }

        List<IntentScore> ranked = taxonomy.intents().stream()
                .map(intent -> new IntentScore(intent, meanTopK(intent.name(), similarity)))
                .sorted(Comparator.comparingDouble(IntentScore::score).reversed())
                .toList();
        IntentScore best = ranked.get(0);
        Intent intent = best.intent();
        double confidence = softmaxOfFirst(ranked);
        double novelty = Math.max(0, Math.min(1, 1 - best.score()));
        boolean novel = novelty > settings.noveltyThreshold();

        List<String> reasons = new ArrayList<>();
        reasons.add("closest to " + intent.name() + " (" + round(best.score()) + ")"
                + (ranked.size() > 1 ? ", then " + ranked.get(1).intent().name() + " (" + round(ranked.get(1).score()) + ")" : ""));
        reasons.add(novel
                ? "novel: novelty " + round(novelty) + " is above the threshold " + settings.noveltyThreshold()
                        + ", unlike the known examples"
                : "novelty " + round(novelty) + " is below the threshold " + settings.noveltyThreshold()
                        + ", like known examples");
        List<ValueSignalDetector.Detected> detected = signals.detect(interaction, text);
        detected.forEach(d -> reasons.add(d.reason()));
        boolean agentDisagrees = agentDisagrees(interaction.agentDecision(), intent.name());
        if (agentDisagrees) {
            reasons.add("the agent labelled it '" + interaction.agentDecision().label() + "', not " + intent.name());
        }
        if (!intent.agentMayHandle()) {
            reasons.add(intent.name() + " is not for the agent: owned by " + intent.team());
        }

        return new InteractionClassified(
                intent.name(),
                round(confidence),
                round(novelty),
                novel,
                round(ValueSignalDetector.valueScore(detected)),
                detected.stream().map(ValueSignalDetector.Detected::signal).toList(),
                intent.agentMayHandle(),
                intent.team(),
                agentDisagrees,
                reasons,
                nearest(similarity, 3),
                settings.modelVersion(),
                taxonomy.version(),
                interaction);
    }

    /** Compared loosely, so "Password-Reset" and "password reset" are the same label as password_reset. */
    static boolean agentDisagrees(AgentDecision decision, String intent) {
        if (decision == null || decision.label() == null || decision.label().isBlank()) {
            return false;
        }
        return !normalizeLabel(decision.label()).equals(normalizeLabel(intent));
    }

    static String normalizeLabel(String label) {
        return label.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
    }

    private double meanTopK(String intent, double[] similarity) {
        double[] own = new double[examples.size()];
        int n = 0;
        for (int i = 0; i < similarity.length; i++) {
            if (examples.get(i).intent().equals(intent)) {
                own[n++] = similarity[i];
            }
        }
        double[] sorted = Arrays.copyOf(own, n);
        Arrays.sort(sorted);
        int k = Math.min(settings.topK(), n);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            sum += sorted[n - 1 - i];
        }
        return sum / k;
    }

    private double softmaxOfFirst(List<IntentScore> ranked) {
        double max = ranked.get(0).score();
        double total = 0;
        for (IntentScore s : ranked) {
            total += Math.exp((s.score() - max) / settings.temperature());
        }
        return 1 / total;
    }

    private List<NearestExample> nearest(double[] similarity, int count) {
        Integer[] order = new Integer[similarity.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> similarity[i]).reversed());
        return Arrays.stream(order).limit(count)
                .map(i -> new NearestExample(examples.get(i).intent(), examples.get(i).text(), round(similarity[i])))
                .toList();
    }

    private static float[] unit(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = norm == 0 ? 0 : (float) (vector[i] / norm);
        }
        return unit;
    }

    private static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("embedding sizes differ: " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
