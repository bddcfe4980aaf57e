package dev.exceptionledger.classifier.domain;

import dev.exceptionledger.classifier.domain.Taxonomy.PhraseSignal;
import dev.exceptionledger.classifier.domain.Taxonomy.SeniorityLevel;
import dev.exceptionledger.classifier.domain.Taxonomy.SizeBand;
import dev.exceptionledger.classifier.domain.Taxonomy.StatedScale;
import dev.exceptionledger.classifier.domain.Taxonomy.ValueVocabulary;
import dev.exceptionledger.contracts.Contact;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.ValueSignal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the reasons an interaction may be worth more than it looks, each with its evidence and a readable reason. */
public final class ValueSignalDetector {

    public static final String SENIOR_ROLE = "SENIOR_ROLE";
    public static final String LARGE_COMPANY = "LARGE_COMPANY";
    public static final String BUYING_SIGNAL = "BUYING_SIGNAL";
    public static final String CHURN_RISK = "CHURN_RISK";
    public static final String OFF_CHANNEL = "OFF_CHANNEL";
    public static final String STATED_SCALE = "STATED_SCALE";

    /** A signal and the sentence that explains it. */
    public record Detected(ValueSignal signal, String reason) { }

    /** compiled once: words() runs for every phrase of the vocabulary on every classification */
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** a number as people write it: 1200, 1,200, 1.200, 1 200, 1,000+ */
    private static final String NUMBER = "(\\d{1,3}(?:[.,\\u00a0\\u202f ]\\d{3})+|\\d+)\\+?";

    private final ValueVocabulary vocabulary;
    private final List<String> standardChannels;
    /** every phrase and title of the vocabulary as {@link #words}, computed once rather than on every check */
    private final Map<String, String> phraseWords = new HashMap<>();
    /** a number, up to two words, then a unit of the stated scale; null when the vocabulary has none */
    private final Pattern statedScale;

    public ValueSignalDetector(Taxonomy taxonomy) {
        this.vocabulary = taxonomy.valueSignals();
        this.standardChannels = taxonomy.standardChannels();
        Stream.of(vocabulary.buyingSignals(), vocabulary.churnSignals()).filter(Objects::nonNull)
                .flatMap(signal -> signal.phrases().stream())
                .forEach(phrase -> phraseWords.put(phrase, words(phrase)));
        vocabulary.seniority().stream().flatMap(level -> level.titles().stream())
                .forEach(title -> phraseWords.put(title, words(title)));
        StatedScale scale = vocabulary.statedScale();
        this.statedScale = scale == null || scale.units().isEmpty() ? null
                : Pattern.compile("(?<![\\p{L}\\d.,])" + NUMBER + "\\s*(?:[\\p{L}-]+\\s+){0,2}?("
                        + scale.units().stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    public List<Detected> detect(InteractionReceived interaction, String scoredText) {
        List<Detected> found = new ArrayList<>();
        Contact contact = interaction.contact();
        if (contact != null) {
            seniority(contact.title()).ifPresent(found::add);
            companySize(contact.companySize()).ifPresent(found::add);
        }
        String words = words(scoredText);
        phrases(BUYING_SIGNAL, vocabulary.buyingSignals(), words).ifPresent(found::add);
        phrases(CHURN_RISK, vocabulary.churnSignals(), words).ifPresent(found::add);
        statedScale(scoredText).ifPresent(found::add);
        offChannel(interaction.channel()).ifPresent(found::add);
        return found;
    }

    /** The sum of the signals' weights, at most 1. */
    public static double valueScore(List<Detected> signals) {
        return Math.min(1.0, signals.stream().mapToDouble(d -> d.signal().weight()).sum());
    }

    private Optional<Detected> seniority(String title) {
        if (title == null || title.isBlank()) {
            return Optional.empty();
        }
        String words = words(title);
        return vocabulary.seniority().stream()
                .filter(level -> level.titles().stream().anyMatch(t -> contains(words, t)))
                .max(Comparator.comparingDouble(SeniorityLevel::weight))
                .map(level -> new Detected(new ValueSignal(SENIOR_ROLE, "title=" + title.strip(), level.weight()),
                        "title '" + title.strip() + "' is " + level.level()));
    }

    private Optional<Detected> companySize(Integer size) {
        if (size == null) {
            return Optional.empty();
        }
        return vocabulary.companySize().stream()
                .filter(band -> size >= band.atLeast())
                .max(Comparator.comparingInt(SizeBand::atLeast))
                .map(band -> new Detected(new ValueSignal(LARGE_COMPANY, "companySize=" + size, band.weight()),
                        "company of " + size + " people (at least " + band.atLeast() + ")"));
    }

    private Optional<Detected> phrases(String name, PhraseSignal signal, String words) {
        if (signal == null) {
            return Optional.empty();
        }
        List<String> matched = signal.phrases().stream().filter(p -> contains(words, p)).distinct().toList();
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        double weight = Math.min(signal.maxWeight(), signal.weightEach() * matched.size());
        String quoted = matched.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "));
        String what = name.equals(CHURN_RISK) ? "churn risk: mentions " : "mentions ";
        return Optional.of(new Detected(new ValueSignal(name, String.join(", ", matched), weight), what + quoted));
    }

    /** The largest scale the text states at or above the vocabulary's minimum, e.g. "1,200 seats". */
    private Optional<Detected> statedScale(String text) {
        if (statedScale == null) {
            return Optional.empty();
        }
        StatedScale scale = vocabulary.statedScale();
        long largest = 0;
        String evidence = null;
        Matcher m = statedScale.matcher(text);
        while (m.find()) {
            long number = Long.parseLong(m.group(1).replaceAll("\\D", ""));
            if (number >= scale.atLeast() && number > largest) {
                largest = number;
                evidence = m.group().strip();
            }
        }
        return evidence == null ? Optional.empty() : Optional.of(new Detected(
                new ValueSignal(STATED_SCALE, evidence, scale.weight()),
                "states a scale of " + evidence + " (at least " + scale.atLeast() + ")"));
    }

    private Optional<Detected> offChannel(String channel) {
        if (channel == null || channel.isBlank() || standardChannels.contains(channel)) {
            return Optional.empty();
        }
        return Optional.of(new Detected(new ValueSignal(OFF_CHANNEL, "channel=" + channel, vocabulary.offChannelWeight()),
                "arrived by " + channel + ", not a standard channel (" + String.join(", ", standardChannels) + ")"));
    }

    /** Lower case, every run of non-letters and non-digits one space, padded: "Co-Founder/CEO" → " co founder ceo ". */
    static String words(String text) {
        return " " + NON_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip() + " ";
    }

    /** Whole words only: "sap" is found in "our SAP system", not in "asap". */
    private boolean contains(String words, String phrase) {
        return words.contains(phraseWords.get(phrase));
    }
}
