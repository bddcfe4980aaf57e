package dev.exceptionledger.intake.rest;

import dev.exceptionledger.intake.Intake;
import dev.exceptionledger.intake.domain.Rejection;
import dev.exceptionledger.intake.domain.RejectionReason;
import dev.exceptionledger.intake.messaging.BrokerUnavailableException;
import dev.exceptionledger.support.AccessProblems;
import dev.exceptionledger.support.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A Content-Type header that is not a media type at all (e.g. {@code not a media type}) is refused by the REST layer
 * while it routes the request, before {@link InteractionResource} runs. Intake's only endpoint is
 * {@code POST /interactions}, so this is its refusal: recorded as a rejection with an X-Interaction-Id like every
 * other, instead of being the one input that reaches intake and leaves no fact.
 */
public class UnreadableContentTypeMapper {

    private final Intake intake;
    private final SecurityIdentity identity;

    UnreadableContentTypeMapper(Intake intake, SecurityIdentity identity) {
        this.intake = intake;
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Uni<Response> unreadableContentType(NotSupportedException e, HttpHeaders headers) {
        if (identity.isAnonymous()) {
            return Uni.createFrom().item(AccessProblems.noToken(headers));
        }
        if (!identity.hasRole("intake")) {
            // the resource refuses such a caller before reading anything, and does not record it
            return Uni.createFrom().item(Problem.of(Response.Status.FORBIDDEN, "forbidden",
                    "this operation admits role intake; your token has none of them").toResponse());
        }
        Rejection rejection = Rejection.of(RejectionReason.UNSUPPORTED_MEDIA_TYPE, "Content-Type '"
                + headers.getHeaderString(HttpHeaders.CONTENT_TYPE) + "' is not a media type: send Content-Type: "
                + "application/json with a UTF-8 body");
        long bodyBytes = Math.max(0, headers.getLength());
        // routing raised this on the event loop; publishing the rejection waits for the broker
        return Uni.createFrom().item(() -> InteractionResource.respond(intake.reject(rejection, bodyBytes)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(BrokerUnavailableException.class)
                .recoverWithItem(failure -> new BrokerUnavailableMapper()
                        .brokerUnavailable((BrokerUnavailableException) failure));
    }
}
