package dev.exceptionledger.review.messaging;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the audit sampling on the cron in {@code review.audit.cron} ({@code off} disables it). */
@ApplicationScoped
public class AuditSchedule {

    private static final Logger LOG = Logger.getLogger(AuditSchedule.class);

    private final AuditSampling sampling;

    public AuditSchedule(AuditSampling sampling) {
        this.sampling = sampling;
    }

    @Scheduled(identity = "audit-sampling", cron = "{review.audit.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            sampling.run("schedule");
        } catch (RuntimeException e) {
            // nothing was recorded; the next run's window starts where the last recorded run ended
            LOG.errorf(e, "the scheduled audit sampling run failed and will be covered by the next one");
        }
    }
}
