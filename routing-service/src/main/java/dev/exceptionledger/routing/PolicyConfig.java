package dev.exceptionledger.routing;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The threshold policy's configuration; {@link PolicyProducer} turns it into the domain's policy. */
@ConfigMapping(prefix = "routing.policy")
public interface PolicyConfig {

    /** Cited by every decision: change it with any threshold. */
    String version();

    double agentMinConfidence();

    double highValueMin();

    Set<String> discardIntents();

    double discardMinConfidence();

    Set<String> blindSpotActions();

    String defaultTeam();

    /** Per priority (P1, P2, P3): how long a team has, as an ISO-8601 duration. */
    Map<String, Duration> sla();
}
