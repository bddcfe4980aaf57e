package dev.exceptionledger.classifier.rest;

import dev.exceptionledger.classifier.ActiveClassifier;
import dev.exceptionledger.contracts.Channels;
import dev.exceptionledger.contracts.InteractionClassified;
import dev.exceptionledger.contracts.InteractionReceived;
import dev.exceptionledger.contracts.Violation;
import dev.exceptionledger.support.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Scores an interaction on request, e.g. to try the taxonomy out. Nothing is published or stored. */
@Path("/classifications")
public class ClassificationResource {

    private final ActiveClassifier classifier;

    public ClassificationResource(ActiveClassifier classifier) {
        this.classifier = classifier;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({"intake", "reviewer", "policy-admin"})
    public Response classify(InteractionReceived interaction) {
        List<Violation> violations = new ArrayList<>();
        if (interaction == null || interaction.text() == null || interaction.text().isBlank()) {
            violations.add(new Violation("text", "text is required: send what the customer wrote"));
        }
        // the channels intake accepts: anything else could never reach the classifier from intake
        if (interaction != null && interaction.channel() != null && !Channels.ALL.contains(interaction.channel())) {
            violations.add(new Violation("channel", "channel must be one of " + String.join(", ", Channels.ALL)
                    + ", not \"" + interaction.channel() + "\""));
        }
        if (!violations.isEmpty()) {
            return Problem.of(Response.Status.BAD_REQUEST, "validation-failed", violations.stream()
                    .map(Violation::message).collect(Collectors.joining("; ")), violations).toResponse();
        }
        InteractionClassified result = classifier.current().classify(interaction);
        return Response.ok(result).build();
    }
}
