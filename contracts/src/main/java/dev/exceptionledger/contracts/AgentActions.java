package dev.exceptionledger.contracts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The canonical actions of a customer's agent and the one rule that maps what an agent wrote onto them. Agents
 * write their own words (resolved, handed_off, auto_replied, "Closed", …); a table of synonyms per canonical action
 * maps them, compared case- and separator-insensitively (only letters and digits count, lower-cased), and anything
 * it does not know is {@link #OTHER}. Intake records the result in {@link AgentDecision#canonicalAction()}; readers
 * of events recorded before it did map the raw action with {@link #DEFAULT}.
 */
public final class AgentActions {

    public static final String ANSWERED = "answered";
    public static final String CLOSED = "closed";
    public static final String DEFLECTED = "deflected";
    public static final String ESCALATED = "escalated";
    /** The agent saw it and chose to do nothing (dismissed, spam). */
    public static final String IGNORED = "ignored";
    /** The agent took no action (yet): a decision without an action, no_action, snoozed, pending. */
    public static final String NONE = "none";
    /** An action the table does not know: itself a reason to look. */
    public static final String OTHER = "other";

    /** Every canonical action, in the order counts list them. */
    public static final List<String> CANONICAL = List.of(ANSWERED, CLOSED, DEFLECTED, ESCALATED, IGNORED, NONE, OTHER);

    /** The shipped synonyms; each canonical action also maps to itself. */
    public static final AgentActions DEFAULT = new AgentActions(defaultSynonyms());

    private final Map<String, List<String>> synonyms;
    private final Map<String, String> canonicalByKey = new HashMap<>();

    private AgentActions(Map<String, List<String>> synonyms) {
        this.synonyms = synonyms;
        synonyms.forEach((canonical, words) -> {
            map(canonical, canonical);
            words.forEach(word -> map(word, canonical));
        });
    }

    /**
     * This table with more synonyms, e.g. from configuration. A word given here wins over its meaning in this table,
     * so a word can also be moved to another action.
     *
     * @param added per canonical action (not {@code other}), words that map to it
     * @throws IllegalArgumentException for a key that is not a canonical action, or a word given for two actions
     */
    public AgentActions with(Map<String, ? extends Collection<String>> added) {
        Set<String> addedKeys = new HashSet<>();
        added.forEach((canonical, words) -> {
            if (!synonyms.containsKey(canonical)) {
                throw new IllegalArgumentException("'" + canonical + "' is not a canonical agent action that "
                        + "synonyms map to: use one of " + String.join(", ", synonyms.keySet()));
            }
            words.forEach(word -> addedKeys.add(key(word)));
        });
        Map<String, List<String>> merged = new LinkedHashMap<>();
        synonyms.forEach((canonical, words) -> {
            List<String> kept = new ArrayList<>(words.stream().filter(word -> !addedKeys.contains(key(word))).toList());
            if (added.containsKey(canonical)) {
                kept.addAll(added.get(canonical));
            }
            merged.put(canonical, List.copyOf(kept));
        });
        return new AgentActions(merged);
    }

    /**
     * The canonical action for what the agent wrote: {@link #NONE} when it wrote no action, {@link #OTHER} when the
     * table does not know it.
     */
    public String canonical(String action) {
        return action == null ? NONE : canonicalByKey.getOrDefault(key(action), OTHER);
    }

    /** What two spellings of one action have in common: its letters and digits, lower-cased. */
    static String key(String action) {
        StringBuilder key = new StringBuilder(action.length());
        action.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase)
                .forEach(key::appendCodePoint);
        return key.toString();
    }

    private void map(String word, String canonical) {
        String key = key(word);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("the synonym '" + word + "' of " + canonical
                    + " has no letter or digit: remove it");
        }
        String earlier = canonicalByKey.putIfAbsent(key, canonical);
        if (earlier != null && !earlier.equals(canonical)) {
            throw new IllegalArgumentException("'" + word + "' would mean both " + earlier + " and " + canonical
                    + ": keep it in the synonyms of one of them");
        }
    }

    private static Map<String, List<String>> defaultSynonyms() {
        Map<String, List<String>> synonyms = new LinkedHashMap<>();
        synonyms.put(ANSWERED, List.of("answer", "replied", "reply", "responded", "auto_replied", "auto_responded",
                "auto_answered", "sent_answer"));
        synonyms.put(CLOSED, List.of("close", "resolved", "resolve", "solved", "done", "completed", "complete",
                "archived", "auto_closed", "auto_resolved"));
        synonyms.put(DEFLECTED, List.of("deflect", "routed_to_faq", "sent_to_faq", "faq", "self_service",
                "sent_article", "suggested_article", "knowledge_base"));
        synonyms.put(ESCALATED, List.of("escalate", "handed_off", "handoff", "handed_over", "handover", "transferred",
                "transfer", "routed_to_human", "forwarded"));
        synonyms.put(IGNORED, List.of("ignore", "skipped", "skip", "dismissed", "dismiss", "discarded", "dropped",
                "spam", "marked_as_spam"));
        synonyms.put(NONE, List.of("no_action", "noop", "no_op", "nothing", "pending", "snoozed", "snooze",
                "deferred", "on_hold", "waiting", "queued", "undecided", "no_decision"));
        return synonyms;
    }
}
