package dev.exceptionledger.ledger.query;

import dev.exceptionledger.ledger.persistence.ChainVerifier;
import dev.exceptionledger.ledger.persistence.ChainVerifier.Verification;
import dev.exceptionledger.support.OncePerSchedule;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Verifies the hash chain every {@code ledger.verify.every} on one replica, so a broken chain shows in the metrics
 * ({@code exledger_ledger_verifications_total{result="broken"}}, {@code exledger_ledger_chain_intact}) and alerts
 * without anyone asking {@code GET /ledger/verify}.
 */
@ApplicationScoped
public class ScheduledVerification {

    private static final Logger LOG = Logger.getLogger(ScheduledVerification.class);

    private final ChainVerifier verifier;
    private final OncePerSchedule once;
    private final String every;

    ScheduledVerification(ChainVerifier verifier, AgroalDataSource dataSource,
                          @ConfigProperty(name = "ledger.verify.every") String every) {
        this.verifier = verifier;
        this.once = new OncePerSchedule(dataSource);
        this.every = every;
    }

    @Scheduled(every = "${ledger.verify.every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void verify() {
        if (!once.claimEvery("chain-verification", DurationConverter.parseDuration(every))) {
            return;
        }
        Verification verification = verifier.verify();
        if (verification.intact()) {
            LOG.infof("ledger chain intact: %d events verified", verification.checked());
        } else {
            LOG.errorf("ledger chain BROKEN at position %d: %s", verification.firstBrokenPosition(),
                    verification.reason());
        }
    }
}
