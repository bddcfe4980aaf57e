package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.support.OncePerSchedule;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Scheduled jobs run once per schedule across replicas: claims against the real PostgreSQL, four replicas at once. */
@QuarkusTest
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class OncePerScheduleTest {

    private static final int REPLICAS = 4;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void oneReplicaClaimsEachCronTick() throws Exception {
        String job = "test-cron-" + UUID.randomUUID();
        Instant tick = Instant.parse("2026-12-05T02:00:00.004Z");

        assertEquals(1, claimsAtOnce(once -> once.claimTick(job, tick)));
        assertEquals(0, claimsAtOnce(once -> once.claimTick(job, tick.plusMillis(300))), "the same tick again");
        assertEquals(1, claimsAtOnce(once -> once.claimTick(job, tick.plus(Duration.ofDays(1)))));
    }

    @Test
    void oneReplicaClaimsAnEveryJobPerPeriodAndAnotherTakesOverWhenItStops() throws Exception {
        String job = "test-every-" + UUID.randomUUID();
        Duration period = Duration.ofSeconds(2);

        assertEquals(1, claimsAtOnce(once -> once.claimEvery(job, period)));
        assertFalse(new OncePerSchedule(dataSource).claimEvery(job, period), "within the period");
        // a period later, whoever fires first claims it
        await().atMost(period.multipliedBy(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> new OncePerSchedule(dataSource).claimEvery(job, period));
    }

    /** Every replica claims at the same moment; the number that won. */
    private int claimsAtOnce(Claim claim) throws Exception {
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < REPLICAS; i++) {
                OncePerSchedule once = new OncePerSchedule(dataSource);
                calls.add(() -> claim.by(once));
            }
            int won = 0;
            for (Future<Boolean> result : replicas.invokeAll(calls)) {
                won += result.get() ? 1 : 0;
            }
            return won;
        } finally {
            replicas.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Claim {
        boolean by(OncePerSchedule once) throws Exception;
    }
}
