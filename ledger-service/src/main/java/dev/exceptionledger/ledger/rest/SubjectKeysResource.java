package dev.exceptionledger.ledger.rest;

import dev.exceptionledger.contracts.PersonalFields;
import dev.exceptionledger.ledger.persistence.KeyHandout;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.exceptionledger.ledger.rest.LedgerResource.instant;

/**
 * The subjects' keys for the services that seal and open personal values (service accounts with the realm role
 * {@code subject-keys}, never people), and what compliance reads of who fetched them.
 */
@Path("/ledger/subject-keys")
@Produces(MediaType.APPLICATION_JSON)
public class SubjectKeysResource {

    static final int MAX_SUBJECTS = 500;
    /** Without {@code since}, the access counts of the last day. */
    static final Duration DEFAULT_ACCESS_WINDOW = Duration.ofDays(1);

    private final KeyHandout handout;
    private final SecurityIdentity identity;

    SubjectKeysResource(KeyHandout handout, SecurityIdentity identity) {
        this.handout = handout;
        this.identity = identity;
    }

    /**
     * Each subject's AES-256 key (base64 of its 32 bytes), created when it has none yet; null for a subject that was
     * erased. 1 to 500 contactIds (64 lowercase hex characters) per call. Every call is counted for the calling
     * client (GET /ledger/subject-keys/access).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("subject-keys")
    public KeysAnswer keys(KeysRequest request) {
        Set<String> subjects = checked(request);
        Map<String, SecretKey> keys = handout.keysFor(client(), subjects);
        Map<String, String> answer = new LinkedHashMap<>();
        Base64.Encoder base64 = Base64.getEncoder();
        for (String subject : subjects) {
            SecretKey key = keys.get(subject);
            answer.put(subject, key == null ? null : base64.encodeToString(key.getEncoded()));
        }
        return new KeysAnswer(answer);
    }

    /**
     * Who fetched subject keys: per calling client and minute, the calls, the keys handed out and the keys created,
     * newest first, since {@code since} (an ISO-8601 instant; the last 24 hours without it).
     */
    @GET
    @Path("/access")
    @RolesAllowed("compliance")
    public AccessAnswer access(@QueryParam("since") String since) {
        Instant from = instant("since", since);
        if (from == null) {
            from = Instant.now().minus(DEFAULT_ACCESS_WINDOW);
        }
        return new AccessAnswer(from, handout.accessSince(from));
    }

    /** @param subjects the contactIds whose keys are asked for, 1 to 500 */
    public record KeysRequest(List<String> subjects) {
    }

    /** @param keys each asked contactId's key, base64 of its 32 bytes; null when the subject was erased */
    public record KeysAnswer(Map<String, String> keys) {
    }

    /** @param rows per client and minute, newest first */
    public record AccessAnswer(Instant since, List<KeyHandout.Access> rows) {
    }

    private static Set<String> checked(KeysRequest request) {
        if (request == null || request.subjects() == null || request.subjects().isEmpty()) {
            throw new IllegalArgumentException("send {\"subjects\": [\"<contactId>\", ...]}: 1 to " + MAX_SUBJECTS
                    + " contactIds");
        }
        if (request.subjects().size() > MAX_SUBJECTS) {
            throw new IllegalArgumentException("at most " + MAX_SUBJECTS + " subjects per call, got "
                    + request.subjects().size() + ": split the request");
        }
        Set<String> subjects = new LinkedHashSet<>();
        for (int i = 0; i < request.subjects().size(); i++) {
            String subject = request.subjects().get(i);
            if (subject == null || !PersonalFields.isContactId(subject)) {
                throw new IllegalArgumentException("subjects[" + i + "]: a contactId is 64 lowercase hex characters, "
                        + "not " + (subject == null ? "null" : "'" + subject + "'"));
            }
            subjects.add(subject);
        }
        return subjects;
    }

    /** The calling client: a service account's token names it in {@code azp}; without one, the principal. */
    private String client() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object azp = token.getClaim("azp");
            if (azp instanceof JsonString text) {
                return text.getString();
            }
            if (azp != null) {
                return azp.toString();
            }
        }
        return identity.getPrincipal().getName();
    }
}
