package dev.exceptionledger.bench.b2b;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.exceptionledger.classifier.domain.CachingEmbedder;
import dev.exceptionledger.classifier.domain.ClassifierSettings;
import dev.exceptionledger.classifier.domain.Embedder;
import dev.exceptionledger.classifier.domain.IntentClassifier;
import dev.exceptionledger.classifier.domain.ScoredText;
import dev.exceptionledger.classifier.domain.SentenceEmbedder;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.contracts.AgentActions;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.intake.domain.InteractionValidator;
import dev.exceptionledger.intake.domain.Validation;
import dev.exceptionledger.routing.domain.RoutingDecision;
import dev.exceptionledger.routing.domain.RoutingPolicy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code bench/b2b-eval}: the suite's judgement on the B2B development set ({@code datasets/b2b}). Each item goes
 * through intake's validation, the classifier (the shipped taxonomy and settings, or a given taxonomy) and the routing
 * policy (the shipped one, or a given one), all the services' own code in process; the result is compared with the
 * item's labels: did each exception reach a human, was each routine interaction left with the agent.
 */
public final class B2bEval {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Nothing of an item's own decides whether intake accepts it; one instant keeps runs comparable. */
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    /** One labelled interaction of the set. */
    record Item(String id, JsonNode interaction, String intent, String team, boolean mustReachHuman, String why,
                boolean hard) {
        static Item of(JsonNode node) {
            return new Item(node.get("id").asText(), node.get("interaction"), node.get("intent").asText(),
                    node.get("team").asText(), node.get("mustReachHuman").asBoolean(), node.get("why").asText(),
                    node.get("hard").asBoolean());
        }
    }

    /** What the suite did with one item: refused by intake, or classified and decided. */
    record Outcome(Item item, String refusal, InteractionClassified classified, RoutingDecision decision) {
        boolean reachedHuman() {
            return decision != null && decision.handsOff();
        }

        String rule() {
            return decision == null ? "refused-by-intake" : decision.ruleId();
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("datasets/b2b");
        String split = "val";
        Path taxonomyFile = null;
        Path policyFile = null;
        Path report = null;
        int folds = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[++i] : usage("missing value for " + arg);
            switch (arg) {
                case "--data" -> data = Path.of(value);
                case "--split" -> split = value;
                case "--taxonomy" -> taxonomyFile = Path.of(value);
                case "--policy" -> policyFile = Path.of(value);
                case "--report" -> report = Path.of(value);
                case "--folds" -> folds = Integer.parseInt(value);
                default -> usage("unknown option " + arg);
            }
        }
        List<Item> items = read(data.resolve(split + ".jsonl"));
        Properties classifierConfig = classifierConfig();
        Taxonomy taxonomy;
        try (InputStream in = taxonomyFile != null ? Files.newInputStream(taxonomyFile)
                : resource("taxonomy/default.json")) {
            taxonomy = Taxonomy.read(in);
        }
        RoutingPolicy policy = RoutingPolicy.parse(policyFile != null ? Files.readString(policyFile)
                : new String(resource("policy/default.yaml").readAllBytes(), StandardCharsets.UTF_8));

        SentenceEmbedder encoder = new SentenceEmbedder(SentenceEmbedder.Variant.named(
                classifierConfig.getProperty("classifier.model")));
        // the folds' models share most texts: each is embedded once
        Embedder embedder = new CachingEmbedder(encoder, 10_000);
        ClassifierSettings settings = new ClassifierSettings(
                Double.parseDouble(classifierConfig.getProperty("classifier.flag-rate")),
                Integer.parseInt(classifierConfig.getProperty("classifier.calibration-folds")),
                Set.of(classifierConfig.getProperty("classifier.blind-spot-actions").split(",")),
                encoder.version());
        long start = System.nanoTime();
        Function<Taxonomy, IntentClassifier> training = t -> new IntentClassifier(t, embedder, settings);
        List<Outcome> outcomes = folds > 1 ? judgeByFolds(items, folds, taxonomy, training, policy)
                : judge(items, training.apply(taxonomy), policy);
        OUT.printf("%s: %d items; taxonomy %s (%d intents), policy %s%s; %.1f s%n", split, items.size(),
                taxonomy.version(), taxonomy.intents().size(), policy.version(),
                folds > 1 ? "; " + folds + " folds, each classified without its own items among the examples" : "",
                (System.nanoTime() - start) / 1e9);
        ObjectNode result = report(split, taxonomy, policy, outcomes);
        print(result);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            JSON.writeValue(report.toFile(), result);
            OUT.println("report: " + report);
        }
    }

    /**
     * Judges the items fold by fold (round-robin within each labelled intent, in file order), each fold by a classifier
     * whose taxonomy has none of the fold's texts among its examples or precedents: on the train split, whose texts are
     * the shipped taxonomy's examples and precedents, this is the held-out figure rather than the in-sample one.
     */
    static List<Outcome> judgeByFolds(List<Item> items, int folds, Taxonomy taxonomy,
                                      Function<Taxonomy, IntentClassifier> training, RoutingPolicy policy)
            throws IOException {
        Map<String, Integer> seenPerIntent = new TreeMap<>();
        int[] fold = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            fold[i] = seenPerIntent.merge(items.get(i).intent(), 1, Integer::sum) % folds;
        }
        List<Outcome> outcomes = new ArrayList<>(Collections.nCopies(items.size(), null));
        for (int f = 0; f < folds; f++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (fold[i] == f) {
                    members.add(i);
                }
            }
            List<Item> foldItems = members.stream().map(items::get).toList();
            Set<String> heldOut = foldItems.stream().map(B2bEval::scoredText).filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            List<Taxonomy.Intent> intents = taxonomy.intents().stream().map(intent -> new Taxonomy.Intent(
                    intent.name(), intent.description(), intent.team(), intent.agentMayHandle(),
                    intent.examples().stream().filter(e -> !heldOut.contains(e)).toList(), intent.agentLabels()))
                    .toList();
            // the fold's own labels go too: a precedent is the item it would judge
            Taxonomy.Precedents precedents = taxonomy.precedents() == null ? null : new Taxonomy.Precedents(
                    taxonomy.precedents().neighbours(), taxonomy.precedents().minWeight(), taxonomy.precedents()
                    .interactions().stream().filter(p -> !heldOut.contains(p.text())).toList());
            Taxonomy without = new Taxonomy(taxonomy.version(), taxonomy.description(), intents,
                    taxonomy.standardChannels(), taxonomy.valueSignals(), taxonomy.calibration(), precedents);
            List<Outcome> judged = judge(foldItems, training.apply(without), policy);
            for (int k = 0; k < members.size(); k++) {
                outcomes.set(members.get(k), judged.get(k));
            }
        }
        return outcomes;
    }

    /** The text the classifier scores for an item, or null when intake refuses it. */
    private static String scoredText(Item item) {
        try {
            Validation validation = InteractionValidator.validate(JSON.writeValueAsBytes(item.interaction()), null,
                    NOW, AgentActions.DEFAULT);
            return validation instanceof Validation.Valid valid ? ScoredText.of(valid.interaction()) : null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Outcome> judge(List<Item> items, IntentClassifier classifier, RoutingPolicy policy) throws IOException {
        List<Outcome> outcomes = new ArrayList<>(Collections.nCopies(items.size(), null));
        List<Integer> accepted = new ArrayList<>();
        List<InteractionReceived> interactions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Validation validation = InteractionValidator.validate(JSON.writeValueAsBytes(item.interaction()), null, NOW,
                    AgentActions.DEFAULT);
            if (validation instanceof Validation.Valid valid) {
                accepted.add(i);
                interactions.add(valid.interaction());
            } else {
                Validation.Invalid invalid = (Validation.Invalid) validation;
                outcomes.set(i, new Outcome(item, invalid.rejection().reason() + ": " + invalid.rejection().detail(),
                        null, null));
            }
        }
        List<InteractionClassified> classified = classifier.classifyAll(interactions);
        for (int k = 0; k < accepted.size(); k++) {
            int i = accepted.get(k);
            outcomes.set(i, new Outcome(items.get(i), null, classified.get(k),
                    policy.decide(classified.get(k), NOW)));
        }
        return outcomes;
    }

    static ObjectNode report(String split, Taxonomy taxonomy, RoutingPolicy policy, List<Outcome> outcomes) {
        List<Outcome> exceptions = outcomes.stream().filter(o -> o.item().mustReachHuman()).toList();
        List<Outcome> routine = outcomes.stream().filter(o -> !o.item().mustReachHuman()).toList();
        ObjectNode r = JSON.createObjectNode();
        r.put("split", split);
        r.put("taxonomyVersion", taxonomy.version());
        r.put("policyVersion", policy.version());
        r.put("items", outcomes.size());
        r.put("exceptions", exceptions.size());
        r.put("exceptionsReachingHuman", count(exceptions, Outcome::reachedHuman));
        r.put("exceptionRecall", share(exceptions, Outcome::reachedHuman));
        r.put("routine", routine.size());
        r.put("routineEscalated", count(routine, Outcome::reachedHuman));
        r.put("routineEscalatedRate", share(routine, Outcome::reachedHuman));
        r.put("escalatedShareOfAllTraffic", share(outcomes, Outcome::reachedHuman));
        r.put("refusedByIntake", count(outcomes, o -> o.refusal() != null));
        List<Outcome> classified = outcomes.stream().filter(o -> o.classified() != null).toList();
        r.put("intentAccuracy", share(classified, o -> o.classified().intent().equals(o.item().intent())));
        List<Outcome> handedOff = outcomes.stream().filter(Outcome::reachedHuman).toList();
        r.put("rightTeamWhenHandedOff", share(handedOff, o -> o.decision().team().equals(o.item().team())));
        ObjectNode hard = r.putObject("hard");
        hard.put("exceptionRecall", share(exceptions.stream().filter(o -> o.item().hard()).toList(),
                Outcome::reachedHuman));
        hard.put("routineEscalatedRate", share(routine.stream().filter(o -> o.item().hard()).toList(),
                Outcome::reachedHuman));

        ObjectNode byRule = r.putObject("byRule");
        groups(outcomes, Outcome::rule).forEach((rule, group) -> {
            ObjectNode row = byRule.putObject(rule);
            row.put("exceptions", count(group, o -> o.item().mustReachHuman()));
            row.put("routine", count(group, o -> !o.item().mustReachHuman()));
            row.put("reachesHuman", group.get(0).reachedHuman());
        });
        ObjectNode byTeam = r.putObject("byTeam");
        groups(handedOff, o -> o.decision().team()).forEach((team, group) -> {
            ObjectNode row = byTeam.putObject(team);
            row.put("handedOff", group.size());
            row.put("exceptions", count(group, o -> o.item().mustReachHuman()));
            row.put("routine", count(group, o -> !o.item().mustReachHuman()));
            row.put("labelledForThisTeam", count(group, o -> o.item().team().equals(team)));
        });
        ObjectNode byIntent = r.putObject("byIntent");
        groups(outcomes, o -> o.item().intent()).forEach((intent, group) -> {
            ObjectNode row = byIntent.putObject(intent);
            List<Outcome> ex = group.stream().filter(o -> o.item().mustReachHuman()).toList();
            List<Outcome> ro = group.stream().filter(o -> !o.item().mustReachHuman()).toList();
            row.put("items", group.size());
            row.put("exceptions", ex.size());
            row.put("exceptionsReachingHuman", count(ex, Outcome::reachedHuman));
            row.put("routine", ro.size());
            row.put("routineEscalated", count(ro, Outcome::reachedHuman));
            row.put("classifiedAsThisIntent", count(group, o -> o.classified() != null
                    && o.classified().intent().equals(intent)));
        });
        ObjectNode confusion = r.putObject("confusion");
        groups(classified, o -> o.item().intent()).forEach((intent, group) -> {
            ObjectNode row = confusion.putObject(intent);
            groups(group, o -> o.classified().intent()).forEach((predicted, g) -> row.put(predicted, g.size()));
        });
        var decisions = r.putArray("decisions");
        for (Outcome o : outcomes) {
            ObjectNode row = decisions.addObject();
            row.put("id", o.item().id());
            row.put("mustReachHuman", o.item().mustReachHuman());
            row.put("reachedHuman", o.reachedHuman());
            row.put("hard", o.item().hard());
            row.put("intent", o.item().intent());
            if (o.refusal() != null) {
                row.put("refusedByIntake", o.refusal());
            } else {
                row.put("classifiedAs", o.classified().intent());
                row.put("confidence", o.classified().confidence());
                row.put("novelty", o.classified().novelty());
                row.put("novel", o.classified().novel());
                row.put("valueScore", o.classified().valueScore());
                row.set("valueSignals", JSON.valueToTree(o.classified().valueSignals()));
                row.put("rule", o.decision().ruleId());
                row.put("team", o.decision().team());
                row.put("explanation", o.decision().explanation());
            }
            row.put("why", o.item().why());
        }
        return r;
    }

    private static void print(ObjectNode r) {
        OUT.printf("%nexceptions reaching a human: %d of %d (%.1f%%)   [hard: %.1f%%]%n",
                r.get("exceptionsReachingHuman").asInt(), r.get("exceptions").asInt(),
                100 * r.get("exceptionRecall").asDouble(), 100 * r.at("/hard/exceptionRecall").asDouble());
        OUT.printf("routine escalated:           %d of %d (%.1f%%)   [hard: %.1f%%]%n",
                r.get("routineEscalated").asInt(), r.get("routine").asInt(),
                100 * r.get("routineEscalatedRate").asDouble(), 100 * r.at("/hard/routineEscalatedRate").asDouble());
        OUT.printf("escalated share of all traffic: %.1f%%; refused by intake: %d; intent accuracy %.1f%%; "
                        + "right team when handed off %.1f%%%n",
                100 * r.get("escalatedShareOfAllTraffic").asDouble(), r.get("refusedByIntake").asInt(),
                100 * r.get("intentAccuracy").asDouble(), 100 * r.get("rightTeamWhenHandedOff").asDouble());
        OUT.printf("%n%-28s %10s %8s %s%n", "rule", "exceptions", "routine", "to a human");
        r.get("byRule").fields().forEachRemaining(e -> OUT.printf("%-28s %10d %8d %s%n", e.getKey(),
                e.getValue().get("exceptions").asInt(), e.getValue().get("routine").asInt(),
                e.getValue().get("reachesHuman").asBoolean() ? "yes" : "no"));
        OUT.printf("%n%-24s %6s %18s %18s %12s%n", "intent (labelled)", "items", "exceptions reached",
                "routine escalated", "classified");
        r.get("byIntent").fields().forEachRemaining(e -> {
            JsonNode row = e.getValue();
            OUT.printf("%-24s %6d %18s %18s %12s%n", e.getKey(), row.get("items").asInt(),
                    row.get("exceptionsReachingHuman").asInt() + "/" + row.get("exceptions").asInt(),
                    row.get("routineEscalated").asInt() + "/" + row.get("routine").asInt(),
                    row.get("classifiedAsThisIntent").asInt() + "/" + row.get("items").asInt());
        });
        List<Map.Entry<String, Integer>> confusions = new ArrayList<>();
        r.get("confusion").fields().forEachRemaining(row -> row.getValue().fields().forEachRemaining(cell -> {
            if (!cell.getKey().equals(row.getKey())) {
                confusions.add(Map.entry(row.getKey() + " -> " + cell.getKey(), cell.getValue().asInt()));
            }
        }));
        confusions.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        OUT.printf("%nconfusions (labelled -> classified), most frequent first:%n");
        confusions.stream().limit(15).forEach(e -> OUT.printf("  %3d  %s%n", e.getValue(), e.getKey()));
        OUT.printf("%n%-24s %10s %10s %8s %18s%n", "team (decided)", "handed off", "exceptions", "routine",
                "labelled this team");
        r.get("byTeam").fields().forEachRemaining(e -> OUT.printf("%-24s %10d %10d %8d %18d%n", e.getKey(),
                e.getValue().get("handedOff").asInt(), e.getValue().get("exceptions").asInt(),
                e.getValue().get("routine").asInt(), e.getValue().get("labelledForThisTeam").asInt()));
    }

    private static <K> Map<K, List<Outcome>> groups(List<Outcome> outcomes,
                                                    Function<Outcome, K> key) {
        return outcomes.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }

    private static long count(List<Outcome> outcomes, Predicate<Outcome> test) {
        return outcomes.stream().filter(test).count();
    }

    private static double share(List<Outcome> outcomes, Predicate<Outcome> test) {
        return outcomes.isEmpty() ? 0 : round((double) count(outcomes, test) / outcomes.size());
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    static List<Item> read(Path file) throws IOException {
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                items.add(Item.of(JSON.readTree(line)));
            }
        }
        return items;
    }

    /** The classifier's shipped settings: its application.properties, found among the services' on the classpath. */
    private static Properties classifierConfig() throws IOException {
        for (URL url : Collections.list(B2bEval.class.getClassLoader().getResources("application.properties"))) {
            Properties properties = new Properties();
            try (InputStream in = url.openStream()) {
                properties.load(in);
            }
            if (properties.containsKey("classifier.flag-rate")) {
                return properties;
            }
        }
        throw new IllegalStateException("classifier-service's application.properties is not on the classpath");
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(B2bEval.class.getClassLoader().getResourceAsStream(name), name);
    }

    private static <T> T usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: bench/b2b-eval [--split val|calibration|train|dev-hard|fresh-N] "
                + "[--data DIR] [--taxonomy FILE] [--policy FILE] [--report FILE] [--folds K]");
        System.exit(2);
        return null;
    }
}
