package dev.exceptionledger.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.exceptionledger.contracts.Violation;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * An RFC 9457 problem: a stable {@code type}, and a {@code detail} that tells the caller what to fix.
 *
 * @param violations one entry per field that needs fixing, when there are several
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://exceptionledger.dev/problems/";

    public static Problem of(Response.Status status, String code, String detail) {
        return new Problem(TYPE_BASE + code, status.getReasonPhrase(), status.getStatusCode(), detail, List.of());
    }

    public static Problem of(Response.Status status, String code, String detail, List<Violation> violations) {
        return new Problem(TYPE_BASE + code, status.getReasonPhrase(), status.getStatusCode(), detail, violations);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    /** The answer to a passing condition (a 503): when to try again. */
    public Response toResponseRetryAfter(int seconds) {
        return Response.status(status).type(MEDIA_TYPE).entity(this)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)).build();
    }
}
