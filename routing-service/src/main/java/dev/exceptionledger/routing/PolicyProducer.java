package dev.exceptionledger.routing;

import dev.exceptionledger.routing.domain.PolicySettings;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The active policy, built once from configuration; an invalid one fails the start. */
public class PolicyProducer {

    @Produces
    @ApplicationScoped
    RoutingPolicy policy(PolicyConfig config) {
        return new RoutingPolicy(new PolicySettings(config.version(), config.agentMinConfidence(),
                config.highValueMin(), config.discardIntents(), config.discardMinConfidence(),
                config.blindSpotActions(), config.defaultTeam(), config.sla()));
    }
}
