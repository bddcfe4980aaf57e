package dev.exceptionledger.review.messaging;

import dev.exceptionledger.support.OncePerSchedule;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs the audit sampling on the cron in {@code review.audit.cron} ({@code off} disables it), on one replica per
 * tick: every replica fires, the one that claims the tick runs it.
 */
@ApplicationScoped
public class AuditSchedule {

    private static final Logger LOG = Logger.getLogger(AuditSchedule.class);

    private final AuditSampling sampling;
    private final OncePerSchedule once;

    public AuditSchedule(AuditSampling sampling, AgroalDataSource dataSource) {
        this.sampling = sampling;
        this.once = new OncePerSchedule(dataSource);
    }

    @Scheduled(identity = "audit-sampling", cron = "{review.audit.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run(ScheduledExecution execution) {
        try {
            if (!once.claimTick("audit-sampling", execution.getScheduledFireTime())) {
                LOG.debugf("audit sampling of %s runs on another replica", execution.getScheduledFireTime());
                return;
            }
            sampling.run("schedule");
        } catch (RuntimeException e) {
            // nothing was recorded; the next run's window starts where the last recorded run ended
            LOG.errorf(e, "the scheduled audit sampling run failed and will be covered by the next one");
        }
    }
}
