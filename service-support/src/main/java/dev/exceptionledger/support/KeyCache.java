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

    /** Remembers these keys (null: erased) from now on for the time to live. */
    synchronized void put(Map<String, SecretKey> keys) {
        if (ttlNanos == 0 || maxEntries == 0) {
            return;
        }
        long expiresAt = nanoTime.getAsLong() + ttlNanos;
        keys.forEach((subject, key) -> {
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
        subjects.forEach(entries::remove);
    }

    synchronized int size() {
        return entries.size();
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
