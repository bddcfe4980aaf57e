package dev.exceptionledger.support;

import javax.crypto.SecretKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * One call to the key store at a time per process, carrying what every thread waiting meanwhile asked for. A request
 * path asks for one subject per request; at 150 requests a second, one call each would cost the ledger a transaction
 * each. Nothing waits when nothing else is asked: a caller that finds no call under way makes one at once. Whoever
 * finds a call under way waits for it and then for the next, which the first of them makes for all of them. Thread-safe.
 */
final class KeyCalls {

    private final Function<List<String>, Map<String, SecretKey>> call;
    private final int maxPerCall;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition roundEnded = lock.newCondition();
    private final ArrayDeque<Ask> waiting = new ArrayDeque<>();
    private boolean calling;

    /**
     * @param call       asks the key store for these subjects' keys (each at most once, at most {@code maxPerCall});
     *                   answers every one or throws
     * @param maxPerCall how many subjects one call may carry
     */
    KeyCalls(Function<List<String>, Map<String, SecretKey>> call, int maxPerCall) {
        this.call = call;
        this.maxPerCall = maxPerCall;
    }

    /** The keys of these subjects (at most {@code maxPerCall}), from a call this thread makes or shares. */
    Map<String, SecretKey> keysFor(Collection<String> subjects) {
        Ask mine = new Ask(new LinkedHashSet<>(subjects));
        if (mine.subjects.size() > maxPerCall) {
            throw new IllegalArgumentException("at most " + maxPerCall + " subjects at once, not "
                    + mine.subjects.size());
        }
        lock.lock();
        try {
            waiting.add(mine);
            while (!mine.answered() && calling) {
                roundEnded.awaitUninterruptibly();
            }
            if (mine.answered()) {
                return mine.keys();
            }
            calling = true;
        } finally {
            lock.unlock();
        }
        // this thread calls, for its own subjects and those of the threads that came first, until its own are answered
        while (!mine.answered()) {
            List<Ask> round = nextRound();
            Set<String> asked = new LinkedHashSet<>();
            round.forEach(ask -> asked.addAll(ask.subjects));
            Map<String, SecretKey> keys = null;
            RuntimeException failure = null;
            try {
                keys = call.apply(List.copyOf(asked));
            } catch (RuntimeException | Error e) {
                // whatever it is, the round ends: the threads waiting for it must not wait for ever
                failure = e instanceof RuntimeException runtime ? runtime
                        : new IllegalStateException("asking the key store failed: " + e, e);
            }
            lock.lock();
            try {
                for (Ask ask : round) {
                    ask.answer(keys, failure);
                }
                if (mine.answered()) {
                    calling = false;
                }
                roundEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return mine.keys();
    }

    /** How many callers wait for a call (tests). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** The asks waiting longest, as many as one call carries (at least one). */
    private List<Ask> nextRound() {
        lock.lock();
        try {
            List<Ask> round = new ArrayList<>();
            Set<String> subjects = new LinkedHashSet<>();
            for (Iterator<Ask> it = waiting.iterator(); it.hasNext(); ) {
                Ask ask = it.next();
                Set<String> together = new LinkedHashSet<>(subjects);
                together.addAll(ask.subjects);
                if (!round.isEmpty() && together.size() > maxPerCall) {
                    break;
                }
                subjects = together;
                round.add(ask);
                it.remove();
            }
            return round;
        } finally {
            lock.unlock();
        }
    }

    /** One caller's subjects and, once its round ended, their keys or why there are none. Guarded by the lock. */
    private static final class Ask {
        final Set<String> subjects;
        private Map<String, SecretKey> keys;
        private RuntimeException failure;

        Ask(Set<String> subjects) {
            this.subjects = subjects;
        }

        boolean answered() {
            return keys != null || failure != null;
        }

        void answer(Map<String, SecretKey> all, RuntimeException failed) {
            if (failed != null) {
                failure = failed;
                return;
            }
            keys = new HashMap<>();
            for (String subject : subjects) {
                keys.put(subject, all.get(subject));
            }
        }

        Map<String, SecretKey> keys() {
            if (failure instanceof SubjectKeysUnavailableException unavailable) {
                // the same failure for every caller of the round, with each caller's own stack
                throw new SubjectKeysUnavailableException(unavailable.getMessage(), unavailable);
            }
            if (failure != null) {
                throw new IllegalStateException("asking the key store failed: " + failure, failure);
            }
            return keys;
        }
    }
}
