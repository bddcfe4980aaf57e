package dev.exceptionledger.support;

import dev.exceptionledger.contracts.Json;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * 401 and 403 as problem+json on every service: what was wrong with the token, or which roles the operation admits.
 * Nothing more: no claim values, no expected issuer or audience, no key ids.
 *
 * <p>A token that is present but not valid is refused by Quarkus' proactive authentication before any resource runs;
 * its 401 (with {@code WWW-Authenticate}) reaches the route failure handler registered here, which writes the body.
 * A request without a token reaches the resource's {@code @RolesAllowed} check ({@code
 * quarkus.security.jaxrs.deny-unannotated-endpoints} in each service), as does a token without the role.
 */
@ApplicationScoped
public class AccessProblems {

    private static final String CHALLENGE = "Bearer";

    /** Registered at startup: the documented way to give a proactive authentication failure a body. */
    void failureHandler(@Observes Router router) {
        router.route().failureHandler(this::authenticationFailed);
    }

    private void authenticationFailed(RoutingContext event) {
        Throwable failure = event.failure();
        if (!(failure instanceof AuthenticationFailedException) || event.response().ended()) {
            event.next();
            return;
        }
        Problem problem = unauthorized(reason(failure));
        if (event.response().headers().get("WWW-Authenticate") == null) {
            event.response().putHeader("WWW-Authenticate", CHALLENGE);
        }
        event.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.write(problem));
    }

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e, jakarta.ws.rs.core.HttpHeaders headers) {
        return noToken(headers);
    }

    /** The 401 for a request that reached a resource without a token (the resource refuses it). */
    public static Response noToken(jakarta.ws.rs.core.HttpHeaders headers) {
        String authorization = headers.getHeaderString(jakarta.ws.rs.core.HttpHeaders.AUTHORIZATION);
        String reason = authorization == null || authorization.isBlank()
                ? "the request has no access token: send Authorization: Bearer <token>, a token of this suite's "
                        + "identity provider"
                : "the Authorization header is not a bearer token: send Authorization: Bearer <token>";
        return withChallenge(unauthorized(reason));
    }

    @ServerExceptionMapper
    public Response tokenRefused(AuthenticationFailedException e) {
        return withChallenge(unauthorized(reason(e)));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, SimpleResourceInfo resource) {
        String[] roles = rolesOf(resource);
        String detail = roles.length == 0 ? "your token's roles do not admit this operation"
                : "this operation admits role " + String.join(" or ", roles) + "; your token has none of them";
        return Problem.of(Response.Status.FORBIDDEN, "forbidden", detail).toResponse();
    }

    private static Problem unauthorized(String reason) {
        return Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", reason);
    }

    private static Response withChallenge(Problem problem) {
        return Response.fromResponse(problem.toResponse())
                .header(jakarta.ws.rs.core.HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }

    /** What was wrong with a token that was sent, in words that name no claim value and no key. */
    static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException jwt) {
                if (jwt.hasExpired()) {
                    return "the access token has expired: get a new one";
                }
                if (jwt.hasErrorCode(ErrorCodes.ISSUER_INVALID) || jwt.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
                    return "the access token was issued by another identity provider than this suite's";
                }
                if (jwt.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || jwt.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
                    return "the access token was not issued for this suite (wrong audience): get one from a client "
                            + "of the suite";
                }
                if (jwt.hasErrorCode(ErrorCodes.NOT_YET_VALID) || jwt.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
                    return "the access token is not valid yet";
                }
                if (jwt.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || jwt.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
                    return "the access token's signature does not verify: it was not signed by this suite's "
                            + "identity provider";
                }
            }
        }
        return "the access token is malformed or was not signed by this suite's identity provider: get a new one";
    }

    private static String[] rolesOf(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return new String[0];
        }
        RolesAllowed allowed = Arrays.stream(resource.getResourceClass().getMethods())
                .filter(m -> m.getName().equals(resource.getMethodName()))
                .map((Method m) -> m.getAnnotation(RolesAllowed.class)).filter(a -> a != null).findFirst()
                .orElse(resource.getResourceClass().getAnnotation(RolesAllowed.class));
        return allowed == null ? new String[0] : allowed.value();
    }
}
