package dev.exceptionledger.support;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The readiness check {@value #NAME}: DOWN until the service's warm-up has run, so a replica reports ready only once
 * its hot paths are compiled. At start, before the Kafka consumers start (SmallRye Reactive Messaging starts them at
 * {@link StartupEvent} priority {@value #MESSAGING_START}; Quarkus opens its HTTP ports after the start-up observers,
 * so over HTTP a warming service does not answer at all), every {@link WarmUp} of
 * the service runs round after round until the process has spent {@code exledger.warm-up.cpu-budget} of CPU (JIT
 * compilation included) or {@code exledger.warm-up.time-limit} has passed, both counted after the first round (which
 * also initialises what it touches); one log line says what it took. A warm-up
 * that fails is logged and does not hold readiness back: it is a rehearsal, and the real path answers for itself.
 */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    public static final String NAME = "warm-up";
    /** The start of SmallRye Reactive Messaging's consumers and emitters (its lifecycle observer's priority). */
    static final int MESSAGING_START = jakarta.interceptor.Interceptor.Priority.LIBRARY_BEFORE;

    private static final Logger LOG = Logger.getLogger(WarmUpReadiness.class);

    /**
     * What a finished warm-up took, in all and in its first round; {@code failure} is null when every round succeeded.
     */
    public record Result(int rounds, long firstRoundMillis, long millis, long cpuMillis, String failure) { }

    private final List<WarmUp> work;
    private final Duration cpuBudget;
    private final Duration timeLimit;
    private volatile int roundsDone;
    private volatile Result result;

    @Inject
    WarmUpReadiness(@Any Instance<WarmUp> work,
                    @ConfigProperty(name = "exledger.warm-up.cpu-budget") Duration cpuBudget,
                    @ConfigProperty(name = "exledger.warm-up.time-limit") Duration timeLimit) {
        this(work.stream().toList(), cpuBudget, timeLimit);
    }

    WarmUpReadiness(List<WarmUp> work, Duration cpuBudget, Duration timeLimit) {
        this.work = work;
        this.cpuBudget = cpuBudget;
        this.timeLimit = timeLimit;
    }

    void onStart(@Observes @Priority(MESSAGING_START - 1) StartupEvent start) {
        run();
    }

    /** Runs the warm-up (once; blocks until done). */
    synchronized Result run() {
        if (result != null) {
            return result;
        }
        long startNanos = System.nanoTime();
        long startCpu = processCpuNanos();
        long firstRoundMillis = 0;
        String failure = null;
        try {
            if (!work.isEmpty()) {
                // the first round also initialises what it touches (the classifier trains its model, routing loads
                // its policy): the budget and the limit count from its end
                round();
                firstRoundMillis = (System.nanoTime() - startNanos) / 1_000_000;
                long budgetNanos = System.nanoTime();
                long budgetCpu = processCpuNanos();
                while (processCpuNanos() - budgetCpu < cpuBudget.toNanos()
                        && System.nanoTime() - budgetNanos < timeLimit.toNanos()) {
                    round();
                }
            }
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.warnf(e, "warm-up failed in round %d; the service becomes ready without it", roundsDone + 1);
        }
        Result done = new Result(roundsDone, firstRoundMillis, (System.nanoTime() - startNanos) / 1_000_000,
                (processCpuNanos() - startCpu) / 1_000_000, failure);
        LOG.infof("warm-up done: %d rounds in %d ms (the first, with what it initialised, %d ms), %d ms of process CPU "
                        + "(budget %d ms and limit %d ms after the first round); a round %s",
                done.rounds(), done.millis(), done.firstRoundMillis(), done.cpuMillis(), cpuBudget.toMillis(),
                timeLimit.toMillis(), work.isEmpty() ? "has nothing to do"
                        : work.stream().map(WarmUp::describe).collect(Collectors.joining("; ")));
        result = done;
        return done;
    }

    private void round() {
        for (WarmUp w : work) {
            w.round();
        }
        roundsDone++;
    }

    /** Null while the warm-up runs. */
    public Result result() {
        return result;
    }

    @Override
    public HealthCheckResponse call() {
        Result done = result;
        HealthCheckResponseBuilder check = HealthCheckResponse.named(NAME);
        if (done == null) {
            return check.down().withData("rounds", roundsDone).build();
        }
        check.up().withData("rounds", done.rounds()).withData("millis", done.millis())
                .withData("firstRoundMillis", done.firstRoundMillis()).withData("cpuMillis", done.cpuMillis());
        return (done.failure() == null ? check : check.withData("failure", done.failure())).build();
    }

    /** CPU time of the whole process (every thread, the JIT compilers' too), in nanoseconds. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
