package dev.exceptionledger.routing.rest;

import dev.exceptionledger.routing.domain.PolicySettings;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The active policy, so reviewers and auditors can read the rules that decisions cite. */
@Path("/policy")
public class PolicyResource {

    public record Thresholds(double agentMinConfidence, double highValueMin, double discardMinConfidence) { }

    public record RuleView(String id, String description) { }

    /** @param sla ISO-8601 duration per priority */
    public record PolicyView(String version, Thresholds thresholds, List<String> discardIntents,
                             List<String> blindSpotActions, String defaultTeam, Map<String, String> sla,
                             List<RuleView> rules) { }

    private final RoutingPolicy policy;

    public PolicyResource(RoutingPolicy policy) {
        this.policy = policy;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"policy-admin", "reviewer", "compliance"})
    public PolicyView get() {
        PolicySettings s = policy.settings();
        Map<String, String> sla = new TreeMap<>();
        s.sla().forEach((priority, duration) -> sla.put(priority, duration.toString()));
        return new PolicyView(s.version(),
                new Thresholds(s.agentMinConfidence(), s.highValueMin(), s.discardMinConfidence()),
                List.copyOf(new TreeSet<>(s.discardIntents())), List.copyOf(new TreeSet<>(s.blindSpotActions())),
                s.defaultTeam(), sla,
                policy.rules().stream().map(r -> new RuleView(r.id(), r.description())).toList());
    }
}
