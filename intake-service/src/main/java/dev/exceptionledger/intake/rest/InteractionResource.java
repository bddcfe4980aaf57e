package dev.exceptionledger.intake.rest;

import dev.exceptionledger.intake.Intake;
import dev.exceptionledger.intake.domain.InteractionValidator;
import dev.exceptionledger.intake.domain.Rejection;
import dev.exceptionledger.intake.domain.RejectionReason;
import dev.exceptionledger.support.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

@Path("/interactions")
public class InteractionResource {

    /** The interaction's id, or the rejection's: set on every 202 and 4xx. */
    public static final String INTERACTION_ID = "X-Interaction-Id";
    /** Set on a 202 that repeats an earlier answer for the same Idempotency-Key and content. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private final Intake intake;

    InteractionResource(Intake intake) {
        this.intake = intake;
    }

    @POST
    @RolesAllowed("intake")
    // any media type reaches this method, so that a wrong one is answered and recorded like every other refusal
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Submit an interaction",
            description = "202 once the InteractionReceived event is on the broker; 4xx problem+json (also recorded "
                    + "as InteractionRejected) for bad input; 503 if the broker is unavailable. See the README.")
    public Response submit(InputStream body,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam("Idempotency-Key") String idempotencyKey) throws IOException {
        byte[] bytes = body.readNBytes(InteractionValidator.MAX_BODY_BYTES + 1);
        Intake.Outcome outcome;
        if (bytes.length > InteractionValidator.MAX_BODY_BYTES) {
            // count the rest without keeping it
            long size = bytes.length + body.transferTo(OutputStream.nullOutputStream());
            outcome = intake.reject(InteractionValidator.tooLarge(size), size);
        } else if (!isJson(contentType)) {
            outcome = intake.reject(Rejection.of(RejectionReason.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + (contentType == null ? "is missing" : "'" + contentType + "' is not supported")
                            + ": send Content-Type: application/json with a UTF-8 body"), bytes.length);
        } else {
            outcome = intake.submit(bytes, idempotencyKey);
        }
        return respond(outcome);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            String charset = type.getParameters().entrySet().stream()
                    .filter(p -> p.getKey().equalsIgnoreCase("charset")).map(Map.Entry::getValue)
                    .findFirst().orElse("utf-8");
            return type.getType().equalsIgnoreCase("application") && type.getSubtype().equalsIgnoreCase("json")
                    && charset.equalsIgnoreCase("utf-8");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static Response respond(Intake.Outcome outcome) {
        if (outcome.received()) {
            Response.ResponseBuilder accepted = Response.accepted(
                            Map.of("interactionId", outcome.interactionId(), "status", "received"))
                    .type(MediaType.APPLICATION_JSON)
                    .header(INTERACTION_ID, outcome.interactionId());
            if (outcome.replayed()) {
                accepted.header(REPLAYED, "true");
            }
            return accepted.build();
        }
        Rejection rejection = outcome.rejection();
        Problem problem = Problem.of(status(rejection.reason()), rejection.reason().code(), rejection.detail(),
                rejection.violations());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem)
                .header(INTERACTION_ID, outcome.interactionId()).build();
    }

    private static Response.Status status(RejectionReason reason) {
        return switch (reason) {
            case INVALID_JSON, VALIDATION_FAILED -> Response.Status.BAD_REQUEST;
            case UNSUPPORTED_MEDIA_TYPE -> Response.Status.UNSUPPORTED_MEDIA_TYPE;
            case BODY_TOO_LARGE -> Response.Status.REQUEST_ENTITY_TOO_LARGE;
            case IDEMPOTENCY_CONFLICT -> Response.Status.CONFLICT;
        };
    }
}
