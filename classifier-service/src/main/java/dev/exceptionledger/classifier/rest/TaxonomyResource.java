package dev.exceptionledger.classifier.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.classifier.persistence.TaxonomyStore;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.support.Problem;
import dev.exceptionledger.support.StrictJson;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The taxonomy as versioned data: what this replica classifies with now, every stored version (shared by the
 * replicas), and a new version.
 */
@Path("/taxonomy")
public class TaxonomyResource {

    /** The taxonomy with each intent's number of examples added. */
    public record TaxonomyView(String version, String description, List<IntentView> intents,
                               List<String> standardChannels, Taxonomy.ValueVocabulary valueSignals) { }

    public record IntentView(String name, String description, String team, boolean agentMayHandle,
                             int exampleCount, List<String> examples) { }

    /**
     * @param reason    shipped, put (a policy-admin's PUT), correction (a reviewer's correction) or erasure (the
     *                  active version without an erased subject's corrections)
     * @param parent    the version it was made from
     * @param active    the version this replica classifies with, as GET /taxonomy shows it: the stored active
     *                  version, within seconds of its activation
     */
    public record VersionView(String version, String parent, String reason, String createdBy, Instant createdAt,
                              int intents, Instant activatedAt, boolean active) { }

    private final ActiveClassifier classifier;
    private final TaxonomyStore store;
    private final SecurityIdentity identity;

    public TaxonomyResource(ActiveClassifier classifier, TaxonomyStore store, SecurityIdentity identity) {
        this.classifier = classifier;
        this.store = store;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"reviewer", "policy-admin", "compliance"})
    public TaxonomyView taxonomy() {
        return view(classifier.current().taxonomy());
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"reviewer", "policy-admin", "compliance"})
    public List<VersionView> versions() {
        String active = classifier.current().taxonomy().version();
        return store.versions().stream()
                .map(v -> new VersionView(v.version(), v.parent(), v.reason(), v.createdBy(), v.createdAt(),
                        v.intents(), v.activatedAt(), v.version().equals(active)))
                .toList();
    }

    /**
     * Validates the taxonomy (unknown fields, missing or duplicate intents, too few examples: each a violation with
     * its field), stores it, trains and calibrates on it and makes it active on this replica before answering (the
     * others follow within seconds). A version name never changes meaning: the same content again re-activates it,
     * other content under it is a 409.
     */
    @PUT
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("policy-admin")
    // read as text and bound here, so the answer to a bad document is this resource's invalid-taxonomy problem; the
    // document names the taxonomy's fields for clients (and for e2e-tests' StrictApiTest)
    public Response replace(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Taxonomy.class))) String body) {
        Taxonomy taxonomy;
        try {
            taxonomy = StrictJson.read(body == null ? "" : body, Taxonomy.class);
        } catch (JsonProcessingException e) {
            Violation violation = StrictJson.violation(e);
            return invalid(violation.message(), List.of(violation));
        }
        if (taxonomy == null) {
            return invalid("the body is empty", List.of(new Violation("$", "a taxonomy is required")));
        }
        List<Violation> violations = taxonomy.violations();
        if (!violations.isEmpty()) {
            return invalid(violations.size() + " problem(s): " + violations.stream()
                    .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")), violations);
        }
        if (classifier.activate(taxonomy, identity.getPrincipal().getName()) == TaxonomyStore.Outcome.VERSION_CONFLICT) {
            return Problem.of(Response.Status.CONFLICT, "version-exists", "taxonomy version " + taxonomy.version()
                    + " exists already with other content; classifications name their version, so give changes a new name",
                    List.of(new Violation("version", "already used"))).toResponse();
        }
        return Response.ok(view(taxonomy)).build();
    }

    private static Response invalid(String detail, List<Violation> violations) {
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-taxonomy", detail, violations).toResponse();
    }

    private static TaxonomyView view(Taxonomy taxonomy) {
        List<IntentView> intents = taxonomy.intents().stream()
                .map(i -> new IntentView(i.name(), i.description(), i.team(), i.agentMayHandle(),
                        i.examples().size(), i.examples()))
                .toList();
        return new TaxonomyView(taxonomy.version(), taxonomy.description(), intents, taxonomy.standardChannels(),
                taxonomy.valueSignals());
    }
}
