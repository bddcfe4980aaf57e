package dev.exceptionledger.support;

import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.HandoffRequested;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.InteractionRouted;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmUpReadinessTest {

    @Test
    void readinessIsDownWhileTheWarmUpRunsAndUpOnceItIsDone() throws Exception {
        CountDownLatch inFirstRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WarmUp blocking = warmUp(() -> {
            inFirstRound.countDown();
            await(release);
        });
        WarmUpReadiness readiness = new WarmUpReadiness(List.of(blocking), Duration.ZERO, Duration.ofSeconds(10));
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus(), "before the start");

        CompletableFuture<WarmUpReadiness.Result> running = CompletableFuture.supplyAsync(readiness::run);
        assertTrue(inFirstRound.await(10, TimeUnit.SECONDS));
        HealthCheckResponse during = readiness.call();
        assertEquals("warm-up", during.getName());
        assertEquals(HealthCheckResponse.Status.DOWN, during.getStatus(), "while the warm-up runs");
        assertNull(readiness.result());

        release.countDown();
        WarmUpReadiness.Result result = running.get(10, TimeUnit.SECONDS);
        HealthCheckResponse after = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, after.getStatus(), "after the warm-up");
        assertEquals(1, result.rounds(), "a zero CPU budget stops after the first round");
        assertEquals(1L, after.getData().orElseThrow().get("rounds"));
        assertNull(result.failure());
    }

    @Test
    void roundsRepeatUntilTheTimeLimitCountedAfterTheFirstRoundAndEveryWarmUpRunsInEachRound() {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        // the first round initialises (here: longer than the limit), the others are short
        WarmUp sleeping = warmUp(() -> take(first.incrementAndGet() == 1 ? 400 : 10));
        WarmUpReadiness readiness = new WarmUpReadiness(List.of(sleeping, warmUp(second::incrementAndGet)),
                Duration.ofHours(1), Duration.ofMillis(300));

        WarmUpReadiness.Result result = readiness.run();

        assertTrue(result.firstRoundMillis() >= 400, "first round: " + result.firstRoundMillis());
        assertTrue(result.millis() >= 700 && result.millis() < 5000, "stopped by the time limit: " + result.millis());
        assertTrue(result.rounds() >= 3, "rounds after the first: " + result.rounds());
        assertEquals(result.rounds(), first.get());
        assertEquals(result.rounds(), second.get());
        assertEquals(result.rounds(), readiness.run().rounds(), "runs once");
        assertEquals(result.rounds(), first.get());
    }

    @Test
    void aFailedWarmUpIsReportedAndDoesNotHoldReadinessBack() {
        WarmUpReadiness readiness = new WarmUpReadiness(List.of(warmUp(() -> {
            throw new IllegalStateException("no model");
        })), Duration.ofSeconds(1), Duration.ofSeconds(1));

        WarmUpReadiness.Result result = readiness.run();

        assertEquals(0, result.rounds());
        assertTrue(result.failure().contains("no model"), result.failure());
        HealthCheckResponse response = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertTrue(response.getData().orElseThrow().get("failure").toString().contains("no model"));
    }

    @Test
    void aServiceWithoutWarmUpIsReadyAtOnce() {
        WarmUpReadiness readiness = new WarmUpReadiness(List.of(), Duration.ofSeconds(3), Duration.ofSeconds(20));
        assertEquals(0, readiness.run().rounds());
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
    }

    @Test
    void samplesCoverEveryStageWithWarmUpIdsOnly() {
        assertEquals(18, WarmUpSamples.bodies().size());
        assertEquals(16, WarmUpSamples.interactions().size(), "the empty text and the unknown channel stay at intake");
        List<EventEnvelope> journeys = WarmUpSamples.journeys();
        assertEquals(Set.of(InteractionReceived.TYPE, InteractionClassified.TYPE, InteractionRouted.TYPE,
                HandoffRequested.TYPE), journeys.stream().map(EventEnvelope::type).collect(Collectors.toSet()));
        assertTrue(journeys.stream().allMatch(e -> e.interactionId().startsWith(WarmUpSamples.ID_PREFIX)));
        assertNotNull(journeys.get(1).payloadAs(InteractionClassified.class).interaction().text());
        assertTrue(WarmUpSamples.classifications().stream().map(InteractionClassified::intent).distinct().count() > 5);
    }

    private static WarmUp warmUp(Runnable round) {
        return new WarmUp() {
            @Override
            public String describe() {
                return "a test's round";
            }

            @Override
            public void round() {
                round.run();
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A round that takes this long: the duration under test, not a wait for a condition. */
    private static void take(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
    }
}
