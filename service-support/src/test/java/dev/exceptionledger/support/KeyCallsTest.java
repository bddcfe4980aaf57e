package dev.exceptionledger.support;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyCallsTest {

    /** Each subject's key: the key numbered by the subject's name. */
    private static Map<String, SecretKey> keysOf(List<String> subjects) {
        Map<String, SecretKey> keys = new HashMap<>();
        subjects.forEach(subject -> keys.put(subject, KeyCacheTest.key(Integer.parseInt(subject))));
        return keys;
    }

    @Test
    void callersThatComeDuringACallShareTheNextOne() throws Exception {
        CountDownLatch firstCallMayEnd = new CountDownLatch(1);
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        KeyCalls keyCalls = new KeyCalls(subjects -> {
            calls.add(subjects);
            if (calls.size() == 1) {
                awaitUninterruptibly(firstCallMayEnd);
            }
            return keysOf(subjects);
        }, 500);

        // a thread each (the common pool may have one thread on a small machine)
        ExecutorService threads = Executors.newFixedThreadPool(6);
        CompletableFuture<Map<String, SecretKey>> first =
                CompletableFuture.supplyAsync(() -> keyCalls.keysFor(List.of("1")), threads);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
        List<CompletableFuture<Map<String, SecretKey>>> later = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            String subject = String.valueOf(i);
            later.add(CompletableFuture.supplyAsync(() -> keyCalls.keysFor(List.of(subject, "1")), threads));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> keyCalls.waiting() == 5);
        firstCallMayEnd.countDown();

        assertEquals(Map.of("1", KeyCacheTest.key(1)), first.get(5, TimeUnit.SECONDS));
        for (int i = 0; i < later.size(); i++) {
            String subject = String.valueOf(i + 2);
            assertEquals(Map.of(subject, KeyCacheTest.key(i + 2), "1", KeyCacheTest.key(1)),
                    later.get(i).get(5, TimeUnit.SECONDS));
        }
        assertEquals(2, calls.size(), "the five that waited shared one call: " + calls);
        assertEquals(6, calls.get(1).size(), "each subject asked once: " + calls.get(1));
        threads.shutdown();
    }

    @Test
    void aCallerAloneCallsAtOnceAndARoundCarriesAtMostItsLimit() {
        List<List<String>> calls = new ArrayList<>();
        KeyCalls keyCalls = new KeyCalls(subjects -> {
            calls.add(subjects);
            return keysOf(subjects);
        }, 2);
        assertEquals(2, keyCalls.keysFor(List.of("1", "2")).size());
        assertEquals(List.of(List.of("1", "2")), calls);
        assertThrows(IllegalArgumentException.class, () -> keyCalls.keysFor(List.of("1", "2", "3")));
    }

    @Test
    void aFailedCallFailsItsRoundOnlyAndTheNextCallIsMade() throws Exception {
        AtomicInteger made = new AtomicInteger();
        SubjectKeysUnavailableException down = new SubjectKeysUnavailableException("the ledger is down", null);
        KeyCalls keyCalls = new KeyCalls(subjects -> {
            if (made.incrementAndGet() == 1) {
                throw down;
            }
            return keysOf(subjects);
        }, 500);
        SubjectKeysUnavailableException failed = assertThrows(SubjectKeysUnavailableException.class,
                () -> keyCalls.keysFor(List.of("1")));
        assertSame(down, failed.getCause());
        assertEquals(Map.of("1", KeyCacheTest.key(1)), keyCalls.keysFor(List.of("1")));
        assertEquals(0, keyCalls.waiting());
    }

    @Test
    void anErrorInTheCallEndsTheRoundSoTheNextCallerIsNotStuck() {
        AtomicInteger made = new AtomicInteger();
        KeyCalls keyCalls = new KeyCalls(subjects -> {
            if (made.incrementAndGet() == 1) {
                throw new AssertionError("an error");
            }
            return keysOf(subjects);
        }, 500);
        assertThrows(IllegalStateException.class, () -> keyCalls.keysFor(List.of("1")));
        assertEquals(Map.of("1", KeyCacheTest.key(1)), keyCalls.keysFor(List.of("1")));
    }

    @Test
    void aBugInTheCallReachesTheCallerAsSuch() {
        KeyCalls keyCalls = new KeyCalls(subjects -> {
            throw new NullPointerException("a bug");
        }, 500);
        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> keyCalls.keysFor(List.of("1")));
        assertInstanceOf(NullPointerException.class, failed.getCause());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
