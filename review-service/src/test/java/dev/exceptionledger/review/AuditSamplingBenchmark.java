package dev.exceptionledger.review;

import dev.exceptionledger.devstack.DevStackTestResource;
import dev.exceptionledger.review.messaging.AuditSampling;
import dev.exceptionledger.review.persistence.AuditRun;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Not a test (surefire does not pick up *Benchmark): {@code bench/review-sampling} runs it. Writes N routed
 * interactions the way the consumers would, then times whole sampling runs over them against the real PostgreSQL
 * and broker: the query, the draw, queueing the picks and publishing every fact with the broker's acknowledgement.
 */
@QuarkusTest
@TestProfile(AuditSamplingBenchmark.OwnTopic.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@QuarkusTestResource(value = DevStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "review"))
class AuditSamplingBenchmark {

    /** The bench's facts go to a topic of their own, so the ledgers on the shared broker do not ingest them. */
    public static class OwnTopic implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.outgoing.reviews-recorded.topic", "bench.reviews.recorded");
        }
    }

    private static final int INTERACTIONS = Integer.getInteger("bench.interactions", 100_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Inject
    AuditSampling sampling;

    @Inject
    EntityManager em;

    @Test
    void timesSamplingRuns() {
        sampling.run("bench-watermark");
        for (int round = 1; round <= ROUNDS; round++) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            long written = System.nanoTime();
            QuarkusTransaction.requiringNew().run(() -> write(tag));
            long writeMs = (System.nanoTime() - written) / 1_000_000;

            long start = System.nanoTime();
            AuditRun run = sampling.run("bench");
            long ms = (System.nanoTime() - start) / 1_000_000;
            // other tests on the shared broker may add a few routed interactions of their own
            assertThat(run.population >= INTERACTIONS, is(true));
            System.out.printf("REVIEW-SAMPLING round=%d interactions=%d strata=%d picked=%d novel=%d run_ms=%d"
                            + " (writing the interactions took %d ms)%n", round, run.population, run.strata.size(),
                    run.picked, run.novelPicked, ms, writeMs);
        }
    }

    /**
     * 70 % agent-handled, 30 % discarded; 37 intents and 4 reasons, independent of each other and of the outcome
     * (296 strata); 3 % of all marked novel, all of them agent-handled; each with a classification payload of
     * realistic size (the audit item's packet is built from it).
     */
    private void write(String tag) {
        em.createNativeQuery("""
                        INSERT INTO routed_interaction (interaction_id, outcome, team, reason, rule_id, policy_version,
                            routed_event_id, routed_at, routed_recorded_at, intent, confidence, novelty, novel,
                            channel, external_id, agent_action, taxonomy_version, classified_event_id, classification)
                        SELECT 'bench-' || :tag || '-' || n,
                            CASE WHEN n % 10 < 7 THEN 'AGENT_HANDLED' ELSE 'DISCARDED' END,
                            NULL, (ARRAY['IN_SCOPE', 'FAQ', 'SPAM', 'DUPLICATE'])[1 + n % 4], 'rule-' || n % 4,
                            'policy@1', gen_random_uuid(), clock_timestamp(), clock_timestamp(),
                            'intent-' || n % 37, 0.8, CASE WHEN n % 100 < 3 THEN 0.9 ELSE 0.2 END,
                            n % 10 < 7 AND n % 100 < 3, (ARRAY['chat', 'email', 'web-form'])[1 + n % 3],
                            'ext-' || :tag || '-' || n, 'answered', 'b2b@1', gen_random_uuid(),
                            jsonb_build_object('intent', 'intent-' || n % 37, 'confidence', 0.8, 'novelty', 0.2,
                                'valueScore', 0.1, 'modelVersion', 'minilm-q@1', 'taxonomyVersion', 'b2b@1',
                                'reasons', jsonb_build_array('close to known examples'),
                                'interaction', jsonb_build_object('channel', 'chat', 'subject', 'Question ' || n,
                                    'text', repeat('How do I export my invoices to our accounting system? ', 8),
                                    'contact', jsonb_build_object('name', 'Sam Doe', 'email', 'sam@example.com'),
                                    'agentDecision', jsonb_build_object('label', 'billing', 'action', 'answered')))
                        FROM generate_series(1, :n) AS n""")
                .setParameter("tag", tag).setParameter("n", INTERACTIONS).executeUpdate();
    }
}
