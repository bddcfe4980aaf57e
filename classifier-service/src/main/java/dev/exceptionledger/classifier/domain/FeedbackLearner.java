package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.contracts.ClassifierFeedback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a reviewer's correction into the next taxonomy version: the corrected text becomes an example of the intent
 * the reviewer named. An intent the taxonomy does not know yet is added once it has {@link Taxonomy#MIN_EXAMPLES}
 * corrections (fewer cannot be calibrated); until then they wait. A pure function: the versions and the waiting
 * corrections are shared data, kept by whoever calls it.
 */
public final class FeedbackLearner {

    private FeedbackLearner() { }

    /** The team that owns a new intent when the reviewer named none. */
    static final String DEFAULT_TEAM = "support";

    /** A correction naming an intent the taxonomy does not know yet. */
    public record Waiting(String intent, String text, String team) { }

    /** What a correction does. */
    public sealed interface Outcome permits Unchanged, Waits, Learned { }

    /** A redelivery, a withdrawn correction, or a text the intent has already. */
    public record Unchanged() implements Outcome { }

    /** The correction waits for its new intent to have enough examples. */
    public record Waits(Waiting correction) implements Outcome { }

    /** The next taxonomy version. */
    public record Learned(Taxonomy taxonomy) implements Outcome { }

    /**
     * @param waiting  the corrections already waiting for the intent this one names
     * @param learned  the number of the new version: {@code <version a person wrote>+learned.<learned>}
     */
    public static Outcome learn(Taxonomy current, ClassifierFeedback feedback, List<Waiting> waiting, int learned) {
        String intent = feedback.correctIntent();
        String text = feedback.text();
        if (intent == null || intent.isBlank() || text == null || text.isBlank()
                || intent.equals(feedback.previousIntent())) {
            return new Unchanged();
        }
        List<Taxonomy.Intent> intents = new ArrayList<>(current.intents());
        int known = indexOf(intents, intent);
        if (known >= 0) {
            Taxonomy.Intent existing = intents.get(known);
            if (existing.examples().contains(text)) {
                return new Unchanged();
            }
            intents.set(known, withExample(existing, text));
        } else {
            Set<String> examples = new LinkedHashSet<>();
            waiting.forEach(w -> examples.add(w.text()));
            if (!examples.add(text)) {
                return new Unchanged();
            }
            if (examples.size() < Taxonomy.MIN_EXAMPLES) {
                return new Waits(new Waiting(intent, text, teamOf(feedback)));
            }
            // the first correction names the owner
            String team = waiting.isEmpty() ? teamOf(feedback) : waiting.get(0).team();
            intents.add(new Taxonomy.Intent(intent, "learned from reviewers' corrections", team, false,
                    List.copyOf(examples), List.of()));
        }
        return new Learned(new Taxonomy(baseVersion(current.version()) + "+learned." + learned,
                current.description(), intents, current.standardChannels(), current.valueSignals(),
                current.calibration(), current.precedents()));
    }

    /**
     * The taxonomy without the examples and precedents whose {@link #textHash} is one of {@code textHashes} (an erased
     * subject's corrections), under the same name; an intent left with fewer than {@link Taxonomy#MIN_EXAMPLES} examples goes
     * too, as it could not be calibrated. The same instance when it has none of them.
     */
    public static Taxonomy forget(Taxonomy taxonomy, Set<String> textHashes) {
        List<Taxonomy.Intent> intents = new ArrayList<>();
        boolean changed = false;
        for (Taxonomy.Intent intent : taxonomy.intents()) {
            List<String> kept = intent.examples().stream().filter(e -> !textHashes.contains(textHash(e))).toList();
            if (kept.size() == intent.examples().size()) {
                intents.add(intent);
                continue;
            }
            changed = true;
            if (kept.size() >= Taxonomy.MIN_EXAMPLES) {
                intents.add(new Taxonomy.Intent(intent.name(), intent.description(), intent.team(),
                        intent.agentMayHandle(), kept, intent.agentLabels()));
            }
        }
        // a precedent goes with its text, or with its intent
        Set<String> names = intents.stream().map(Taxonomy.Intent::name).collect(java.util.stream.Collectors.toSet());
        Taxonomy.Precedents precedents = taxonomy.precedents();
        List<Taxonomy.Precedent> keptPrecedents = precedents == null ? List.of() : precedents.interactions().stream()
                .filter(p -> names.contains(p.intent()) && !textHashes.contains(textHash(p.text()))).toList();
        if (precedents != null && keptPrecedents.size() < precedents.interactions().size()) {
            changed = true;
            precedents = keptPrecedents.stream().noneMatch(Taxonomy.Precedent::mustReachHuman) ? null
                    : new Taxonomy.Precedents(precedents.neighbours(), precedents.minWeight(), keptPrecedents);
        }
        return changed ? new Taxonomy(taxonomy.version(), taxonomy.description(), intents, taxonomy.standardChannels(),
                taxonomy.valueSignals(), taxonomy.calibration(), precedents) : taxonomy;
    }

    /**
     * How a learned text is remembered without keeping it: the hex SHA-256 of its UTF-8 bytes, as PostgreSQL's
     * {@code encode(sha256(convert_to(text, 'UTF8')), 'hex')} computes it.
     */
    public static String textHash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Learned versions build on the version a person wrote: name it, not a chain of learned suffixes. */
    public static String baseVersion(String version) {
        int learnedSuffix = version.indexOf("+learned.");
        return learnedSuffix < 0 ? version : version.substring(0, learnedSuffix);
    }

    private static String teamOf(ClassifierFeedback feedback) {
        return feedback.correctTeam() == null || feedback.correctTeam().isBlank() ? DEFAULT_TEAM : feedback.correctTeam();
    }

    private static int indexOf(List<Taxonomy.Intent> intents, String name) {
        for (int i = 0; i < intents.size(); i++) {
            if (intents.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static Taxonomy.Intent withExample(Taxonomy.Intent intent, String text) {
        List<String> examples = new ArrayList<>(intent.examples());
        examples.add(text);
        return new Taxonomy.Intent(intent.name(), intent.description(), intent.team(), intent.agentMayHandle(), examples,
                intent.agentLabels());
    }
}
