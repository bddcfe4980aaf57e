package dev.exceptionledger.support;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Lets one replica run a scheduled job per schedule: every replica's scheduler fires, the first to claim the run in
 * the service's database runs it, the others skip. A claim is one conditional upsert on table
 * {@code scheduled_job_run} (job, last_run, run_by; each service's Flyway creates it), so nothing stays locked if the
 * claiming replica dies: the next schedule is claimed by whoever fires first.
 */
public final class OncePerSchedule {

    private static final String INSTANCE = ManagementFactory.getRuntimeMXBean().getName();

    private final DataSource dataSource;

    public OncePerSchedule(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A cron tick: every replica fires at the same wall-clock second, so the tick (to the second) names the run.
     *
     * @return true for the one replica that runs this tick
     */
    public boolean claimTick(String job, Instant scheduledFireTime) {
        return claim(job, scheduledFireTime.truncatedTo(ChronoUnit.SECONDS), Duration.ofSeconds(1));
    }

    /**
     * A job every {@code period}, whose replicas fire at times of their own (counted from each one's start): claimed
     * when no replica ran it within the last nine tenths of the period (the tenth absorbs the scheduler's jitter).
     */
    public boolean claimEvery(String job, Duration period) {
        return claim(job, Instant.now(), period.multipliedBy(9).dividedBy(10));
    }

    private boolean claim(String job, Instant runAt, Duration gap) {
        String sql = "INSERT INTO scheduled_job_run (job, last_run, run_by) VALUES (?, ?, ?) "
                + "ON CONFLICT (job) DO UPDATE SET last_run = EXCLUDED.last_run, run_by = EXCLUDED.run_by "
                + "WHERE scheduled_job_run.last_run <= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement upsert = c.prepareStatement(sql)) {
            upsert.setString(1, job);
            upsert.setTimestamp(2, Timestamp.from(runAt));
            upsert.setString(3, INSTANCE);
            upsert.setTimestamp(4, Timestamp.from(runAt.minus(gap)));
            return upsert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim the scheduled run of " + job, e);
        }
    }
}
