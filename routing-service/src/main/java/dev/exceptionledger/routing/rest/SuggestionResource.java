package dev.exceptionledger.routing.rest;

import dev.exceptionledger.routing.ActivePolicy;
import dev.exceptionledger.routing.domain.PolicySuggestions;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.routing.persistence.PolicyStore;
import dev.exceptionledger.routing.persistence.ReviewVerdictStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * What reviewers' UNNECESSARY verdicts suggest for the active policy, with the evidence and a candidate document.
 * Nothing is activated here: backtest a candidate (POST /policy/backtest) and activate it (PUT /policy).
 */
@Path("/policy/suggestions")
public class SuggestionResource {

    /** @param policyVersion the active version, the one whose decisions the verdicts judged */
    public record Suggestions(String policyVersion, int minUnnecessary, double minShare,
                              List<PolicySuggestions.Suggestion> suggestions) { }

    private final ActivePolicy active;
    private final PolicyStore policies;
    private final ReviewVerdictStore verdicts;
    private final int minUnnecessary;
    private final double minShare;

    public SuggestionResource(ActivePolicy active, PolicyStore policies, ReviewVerdictStore verdicts,
                              @ConfigProperty(name = "routing.suggestions.min-unnecessary") int minUnnecessary,
                              @ConfigProperty(name = "routing.suggestions.min-share") double minShare) {
        this.active = active;
        this.policies = policies;
        this.verdicts = verdicts;
        this.minUnnecessary = minUnnecessary;
        this.minShare = minShare;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("policy-admin")
    public Suggestions get() {
        RoutingPolicy policy = active.get();
        return new Suggestions(policy.version(), minUnnecessary, minShare,
                PolicySuggestions.of(policy, verdicts.currentFor(policy.version()), minUnnecessary, minShare,
                        version -> policies.document(version).isPresent()));
    }
}
