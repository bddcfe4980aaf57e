package dev.exceptionledger.classifier.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.classifier.domain.Taxonomy;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.support.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** The taxonomy as versioned data: what the classifier uses now, the versions since startup, and a new version. */
@Path("/taxonomy")
public class TaxonomyResource {

    /** The taxonomy with each intent's number of examples added. */
    public record TaxonomyView(String version, String description, List<IntentView> intents,
                               List<String> standardChannels, Taxonomy.ValueVocabulary valueSignals) { }

    public record IntentView(String name, String description, String team, boolean agentMayHandle,
                             int exampleCount, List<String> examples) { }

    public record VersionView(String version, Instant activatedAt, int intents, boolean active) { }

    private final ActiveClassifier classifier;

    public TaxonomyResource(ActiveClassifier classifier) {
        this.classifier = classifier;
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
        return classifier.versions().stream()
                .map(v -> new VersionView(v.version(), v.activatedAt(), v.intents(), v.version().equals(active)))
                .toList();
    }

    /**
     * Validates the taxonomy (unknown fields, missing or duplicate intents, too few examples: each a violation with
     * its field), trains and calibrates on it and makes it active. A version name never changes meaning: the same
     * content again re-activates it, other content under it is a 409.
     */
    @PUT
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("policy-admin")
    public Response replace(String body) {
        Taxonomy taxonomy;
        try {
            taxonomy = Taxonomy.STRICT.readValue(body == null ? "" : body, Taxonomy.class);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            return invalid("unknown field " + field,
                    List.of(new Violation(field, "unknown field; known here: " + e.getKnownPropertyIds())));
        } catch (JsonMappingException e) {
            String field = path(e);
            return invalid("field " + field + " has the wrong type or shape",
                    List.of(new Violation(field, e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "malformed-json", "the body is not JSON: "
                    + e.getOriginalMessage()).toResponse();
        }
        if (taxonomy == null) {
            return invalid("the body is empty", List.of(new Violation("$", "a taxonomy is required")));
        }
        List<Violation> violations = taxonomy.violations();
        if (!violations.isEmpty()) {
            return invalid(violations.size() + " problem(s): " + violations.stream()
                    .map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")), violations);
        }
        if (classifier.version(taxonomy.version()).filter(v -> !v.classifier().taxonomy().equals(taxonomy)).isPresent()) {
            return Problem.of(Response.Status.CONFLICT, "version-exists", "taxonomy version " + taxonomy.version()
                    + " exists already with other content; classifications name their version, so give changes a new name",
                    List.of(new Violation("version", "already used"))).toResponse();
        }
        return Response.ok(view(classifier.activate(taxonomy).taxonomy())).build();
    }

    private static Response invalid(String detail, List<Violation> violations) {
        return Problem.of(Response.Status.BAD_REQUEST, "invalid-taxonomy", detail, violations).toResponse();
    }

    /** e.g. {@code intents[2].exmples} */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
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
