package dev.exceptionledger.classifier.domain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the classifier knows, as data: the intents with their examples and owning teams, and the vocabulary of
 * the value signals. Versioned, because every classification names the taxonomy it was made with.
 *
 * @param standardChannels the channels customers are expected to use; arrival elsewhere is a value signal
 */
public record Taxonomy(
        String version,
        String description,
        List<Intent> intents,
        List<String> standardChannels,
        ValueVocabulary valueSignals) {

    /** @param agentMayHandle routine enough that the customer's AI agent may answer it alone */
    public record Intent(String name, String description, String team, boolean agentMayHandle, List<String> examples) { }

    /** The words and numbers that make an interaction worth more than it looks; weights add up to the value score. */
    public record ValueVocabulary(
            List<SeniorityLevel> seniority,
            List<SizeBand> companySize,
            PhraseSignal buyingSignals,
            PhraseSignal churnSignals,
            double offChannelWeight) {

        public ValueVocabulary {
            seniority = seniority == null ? List.of() : List.copyOf(seniority);
            companySize = companySize == null ? List.of() : List.copyOf(companySize);
        }
    }

    /** @param titles words or phrases of a job title, e.g. "cfo", "vice president" */
    public record SeniorityLevel(String level, double weight, List<String> titles) { }

    public record SizeBand(int atLeast, double weight) { }

    /** @param weightEach per distinct phrase found, up to {@code maxWeight} */
    public record PhraseSignal(double weightEach, double maxWeight, List<String> phrases) {

        public PhraseSignal {
            phrases = phrases == null ? List.of() : List.copyOf(phrases);
        }
    }

    public Taxonomy {
        require(version != null && !version.isBlank(), "a version");
        require(intents != null && !intents.isEmpty(), "at least one intent");
        require(valueSignals != null, "valueSignals");
        Set<String> names = new HashSet<>();
        for (Intent intent : intents) {
            require(intent.name() != null && names.add(intent.name()), "unique intent names (" + intent.name() + ")");
            require(intent.team() != null && !intent.team().isBlank(), "a team for intent " + intent.name());
            require(intent.examples() != null && !intent.examples().isEmpty(), "examples for intent " + intent.name());
        }
        intents = List.copyOf(intents);
        standardChannels = standardChannels == null ? List.of() : List.copyOf(standardChannels);
    }

    public Intent intent(String name) {
        return intents.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no intent " + name + " in taxonomy " + version));
    }

    /** Reads a taxonomy file; unknown fields are refused, so a typo cannot silently switch a signal off. */
    public static Taxonomy read(InputStream json) throws IOException {
        ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return strict.readValue(json, Taxonomy.class);
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("invalid taxonomy: needs " + what);
        }
    }
}
