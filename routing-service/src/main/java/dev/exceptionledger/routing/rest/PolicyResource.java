package dev.exceptionledger.routing.rest;

import dev.exceptionledger.routing.ActivePolicy;
import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.routing.persistence.PolicyStore;
import dev.exceptionledger.support.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy as a versioned document: read the active one and the history, validate a draft, activate a
 * version without restart. Documents are YAML (application/yaml, text/yaml or text/plain).
 */
@Path("/policy")
public class PolicyResource {


    public record RuleView(String id, String description, String rule, int line) { }

    /** @param sla ISO-8601 duration per priority */
    public record PolicyView(String version, String defaultTeam, double highValueMin, Map<String, String> sla,
                             List<String> discardIntents, double discardMinConfidence, List<RuleView> rules,
                             String document) { }

    public record Activated(String version, PolicyStore.Activation activation) { }

    public record Valid(String version, boolean valid) { }

    private final ActivePolicy active;
    private final PolicyStore store;
    private final SecurityIdentity identity;

    public PolicyResource(ActivePolicy active, PolicyStore store, SecurityIdentity identity) {
        this.active = active;
        this.store = store;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"policy-admin", "reviewer", "compliance"})
    public PolicyView get() {
        return view(active.get());
    }

    /** Every stored version with its latest activation, the active one first. */
    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"policy-admin", "reviewer", "compliance"})
    public List<PolicyStore.StoredVersion> versions() {
        return store.versions();
    }

    /** Any stored version, as decisions that cite it were made. */
    @GET
    @Path("/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"policy-admin", "reviewer", "compliance"})
    public Response version(@PathParam("version") String version) {
        return store.document(version)
                .map(document -> Response.ok(view(RoutingPolicy.parse(document))).build())
                .orElseGet(() -> Problem.of(Response.Status.NOT_FOUND, "policy-version-not-found",
                        "no policy version '" + version + "' is stored; GET /policy/versions lists them").toResponse());
    }

    @POST
    @Path("/validate")
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("policy-admin")
    public Valid validate(String document) {
        return new Valid(RoutingPolicy.parse(document).version(), true);
    }

    /**
     * Validates and activates the document: the next decision uses it. Its version is new, or a stored version
     * with the same document (activating it again is how a team rolls back).
     */
    @PUT
    @Consumes({"application/yaml", "text/yaml", "application/x-yaml", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("policy-admin")
    public Response put(String document) {
        RoutingPolicy policy = RoutingPolicy.parse(document);
        PolicyStore.Activation result = active.activate(policy, identity.getPrincipal().getName());
        if (result == PolicyStore.Activation.VERSION_CONFLICT) {
            return Problem.of(Response.Status.CONFLICT, "policy-version-conflict", "version '" + policy.version()
                    + "' is stored with another document, and versions are immutable (decisions cite them): give "
                    + "this document a new version").toResponse();
        }
        return Response.ok(new Activated(policy.version(), result)).build();
    }

    private static PolicyView view(RoutingPolicy p) {
        Map<String, String> sla = new TreeMap<>();
        p.sla().forEach((priority, duration) -> sla.put(priority, duration.toString()));
        return new PolicyView(p.version(), p.defaultTeam(), p.highValueMin(), sla,
                p.discardIntents().stream().sorted().toList(), p.discardMinConfidence(),
                p.rules().stream().map(r -> new RuleView(r.id(), r.description(), r.describe(), r.line())).toList(),
                p.document());
    }
}
