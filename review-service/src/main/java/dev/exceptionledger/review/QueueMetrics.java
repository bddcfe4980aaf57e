package dev.exceptionledger.review;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The review queues as gauges, per team and source: open items ({@code exledger_review_items_open}) and open items
 * past their SLA deadline ({@code exledger_review_sla_breaches}). Read from the database every
 * {@code review.metrics.refresh}, not on each scrape; every replica reports the same numbers (take the max).
 */
@ApplicationScoped
public class QueueMetrics {

    private static final Logger LOG = Logger.getLogger(QueueMetrics.class);

    private final AgroalDataSource dataSource;
    private final MultiGauge open;
    private final MultiGauge breaches;
    /** Every team and source seen since the start, so a queue that empties reports 0 instead of vanishing. */
    private final Map<Tags, long[]> last = new HashMap<>();

    QueueMetrics(AgroalDataSource dataSource, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.open = MultiGauge.builder("exledger.review.items.open")
                .description("open review items (with or without a claim)").register(metrics);
        this.breaches = MultiGauge.builder("exledger.review.sla.breaches")
                .description("open review items past their SLA deadline").register(metrics);
    }

    @Scheduled(every = "${review.metrics.refresh:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        Map<Tags, long[]> now = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT team, source, count(*), count(*) FILTER (WHERE sla_deadline < now())
                     FROM review_item WHERE status = 'OPEN' GROUP BY team, source""");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                now.put(Tags.of("team", rs.getString(1), "source", rs.getString(2)),
                        new long[] {rs.getLong(3), rs.getLong(4)});
            }
        } catch (SQLException e) {
            // the gauges keep their last values; the next refresh tries again
            LOG.warnf("cannot read the review queues for the metrics: %s", e.getMessage());
            return;
        }
        last.replaceAll((tags, counts) -> new long[] {0, 0});
        last.putAll(now);
        List<MultiGauge.Row<?>> openRows = new ArrayList<>();
        List<MultiGauge.Row<?>> breachRows = new ArrayList<>();
        last.forEach((tags, counts) -> {
            openRows.add(MultiGauge.Row.of(tags, counts[0]));
            breachRows.add(MultiGauge.Row.of(tags, counts[1]));
        });
        open.register(openRows, true);
        breaches.register(breachRows, true);
    }
}
