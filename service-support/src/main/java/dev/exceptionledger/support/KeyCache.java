package dev.exceptionledger.support;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The subjects' keys this process fetched, each for a fixed time (so an erasure reaches every process within it even
 * where nobody calls {@code forget}) and at most {@code maxEntries} of them, the oldest dropped first. An erased
 * subject is remembered as such (a null key). Thread-safe.
 */
final class KeyCache {

    private record Entry(SecretKey key, long expiresAt) {
    }

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    /** In insertion order, which with one time to live for all is also the order they expire in. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    /** When each subject was last forgotten, oldest first: a key asked for before that may predate the erasure. */
    private final LinkedHashMap<String, Long> forgotten = new LinkedHashMap<>();
    /** How long a forget outlives the calls that were under way when it came (each lasts seconds at most). */
    static final long FORGET_HORIZON_NANOS = Duration.ofMinutes(1).toNanos();

    KeyCache(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        if (ttl.isNegative() || maxEntries < 0) {
            throw new IllegalArgumentException("a cache of keys needs a time to live >= 0 and a size >= 0, not "
                    + ttl + " and " + maxEntries);
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    /** Puts the keys it holds for these subjects into {@code found}; answers the subjects it holds none for. */
    synchronized List<String> collect(Collection<String> subjects, Map<String, SecretKey> found) {
        long now = nanoTime.getAsLong();
        dropExpired(now);
        List<String> missing = new ArrayList<>();
        for (String subject : subjects) {
            Entry entry = entries.get(subject);
            if (entry == null) {
                missing.add(subject);
            } else {
                found.put(subject, entry.key());
            }
        }
        return missing;
    }

    /** The time to pass to {@link #put} for keys asked for from now on. */
    long now() {
        return nanoTime.getAsLong();
    }

    /**
     * Remembers these keys (null: erased), asked for at {@code askedAt} ({@link #now}), for the time to live; not
     * those of subjects forgotten since they were asked for, which may have been erased in between.
     */
    synchronized void put(Map<String, SecretKey> keys, long askedAt) {
        long now = nanoTime.getAsLong();
        dropOldForgets(now);
        if (ttlNanos == 0 || maxEntries == 0) {
            return;
        }
        long expiresAt = now + ttlNanos;
        keys.forEach((subject, key) -> {
            Long forgottenAt = forgotten.get(subject);
            if (forgottenAt != null && forgottenAt - askedAt >= 0) {
                return;
            }
            // re-inserted at the end, where the entries that expire last are
            entries.remove(subject);
            entries.put(subject, new Entry(key, expiresAt));
        });
        Iterator<String> oldest = entries.keySet().iterator();
        while (entries.size() > maxEntries) {
            oldest.next();
            oldest.remove();
        }
    }

    synchronized void forget(Collection<String> subjects) {
        long now = nanoTime.getAsLong();
        dropOldForgets(now);
        for (String subject : subjects) {
            entries.remove(subject);
            forgotten.remove(subject);
            forgotten.put(subject, now);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void dropOldForgets(long now) {
        Iterator<Long> oldest = forgotten.values().iterator();
        while (oldest.hasNext() && now - oldest.next() > FORGET_HORIZON_NANOS) {
            oldest.remove();
        }
    }

    private void dropExpired(long now) {
        Iterator<Entry> oldest = entries.values().iterator();
        while (oldest.hasNext()) {
            if (oldest.next().expiresAt() - now > 0) {
                return;
            }
            oldest.remove();
        }
    }
}
