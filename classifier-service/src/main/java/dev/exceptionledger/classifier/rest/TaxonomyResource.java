package dev.exceptionledger.classifier.rest;

import dev.exceptionledger.classifier.domain.IntentClassifier;
import dev.exceptionledger.classifier.domain.Taxonomy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The taxonomy the classifier is using right now, so reviewers and policy admins see what it knows. */
@Path("/taxonomy")
public class TaxonomyResource {

    /** The taxonomy with each intent's number of examples added. */
    public record TaxonomyView(String version, String description, List<IntentView> intents,
                               List<String> standardChannels, Taxonomy.ValueVocabulary valueSignals) { }

    public record IntentView(String name, String description, String team, boolean agentMayHandle,
                             int exampleCount, List<String> examples) { }

    private final IntentClassifier classifier;

    public TaxonomyResource(IntentClassifier classifier) {
        this.classifier = classifier;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"reviewer", "policy-admin", "compliance"})
    public TaxonomyView taxonomy() {
        Taxonomy taxonomy = classifier.taxonomy();
        List<IntentView> intents = taxonomy.intents().stream()
                .map(i -> new IntentView(i.name(), i.description(), i.team(), i.agentMayHandle(),
                        i.examples().size(), i.examples()))
                .toList();
        return new TaxonomyView(taxonomy.version(), taxonomy.description(), intents, taxonomy.standardChannels(),
                taxonomy.valueSignals());
    }
}
