package dev.exceptionledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.Json;
import dev.exceptionledger.contracts.PersonalFields;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link SubjectKeys} from the ledger ({@code POST /ledger/subject-keys} at {@code exledger.subject-keys.url}), with
 * this service's account's token (quarkus-oidc-client, client credentials: {@code quarkus.oidc-client.*}). Keys are
 * remembered for {@code exledger.subject-keys.cache-ttl} (30 s), so an erasure is unreadable here within it even
 * when nobody calls {@link #forget}; what is not remembered is asked for in one call (of at most 500 subjects),
 * shared with the other threads asking meanwhile ({@link KeyCalls}). A call that fails or is refused throws
 * {@link SubjectKeysUnavailableException}: never a partial answer. Nothing is fetched before the first
 * {@link #keysFor}, so a service starts without the ledger or the identity provider. Blocking (2 s at most per call):
 * not for an event-loop thread.
 */
@ApplicationScoped
public class LedgerSubjectKeys implements SubjectKeys {

    static final int MAX_PER_CALL = 500;
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final String PATH = "/ledger/subject-keys";

    /** The ledger's instances (one URL behind a Kubernetes Service; each instance's locally); tried in turn. */
    private final List<URI> endpoints;
    /** The instance that answered last: asked first next time. */
    private final AtomicInteger preferred = new AtomicInteger();
    private final ServiceToken token;
    private final KeyCache cache;
    /** Concurrent callers' missing keys, asked for together. */
    private final KeyCalls calls = new KeyCalls(this::fetchAndRemember, MAX_PER_CALL);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    @Inject
    LedgerSubjectKeys(OidcClient oidc, @ConfigProperty(name = "exledger.subject-keys.url") Optional<List<String>> urls,
                      @ConfigProperty(name = "exledger.subject-keys.cache-ttl", defaultValue = "30s") Duration ttl,
                      @ConfigProperty(name = "exledger.subject-keys.cache-size", defaultValue = "10000") int size) {
        this(urls.orElse(List.of()).stream().map(LedgerSubjectKeys::endpoint).toList(), new ServiceToken(() -> {
            Tokens tokens = oidc.getTokens().await().atMost(TIMEOUT);
            Long expiresAt = tokens.getAccessTokenExpiresAt();
            return new ServiceToken.Token(tokens.getAccessToken(),
                    expiresAt == null ? null : Instant.ofEpochSecond(expiresAt));
        }, Clock.systemUTC()), new KeyCache(ttl, size, System::nanoTime));
    }

    LedgerSubjectKeys(List<URI> endpoints, ServiceToken token, KeyCache cache) {
        this.endpoints = endpoints;
        this.token = token;
        this.cache = cache;
    }

    @Override
    public Map<String, SecretKey> keysFor(Collection<String> subjects) {
        Set<String> asked = checked(subjects);
        Map<String, SecretKey> keys = new HashMap<>();
        List<String> missing = cache.collect(asked, keys);
        for (int from = 0; from < missing.size(); from += MAX_PER_CALL) {
            keys.putAll(calls.keysFor(missing.subList(from, Math.min(missing.size(), from + MAX_PER_CALL))));
        }
        return Collections.unmodifiableMap(keys);
    }

    private Map<String, SecretKey> fetchAndRemember(List<String> subjects) {
        long askedAt = cache.now();
        Map<String, SecretKey> fetched = fetch(subjects);
        cache.put(fetched, askedAt);
        return fetched;
    }

    @Override
    public void forget(Collection<String> subjects) {
        cache.forget(subjects);
    }

    /**
     * Asks the instance that answered last, then each other one in turn while an instance cannot be reached or answers
     * 5xx (it is down or stopping): one ledger instance down must not stop sealing.
     */
    private Map<String, SecretKey> fetch(List<String> subjects) {
        if (endpoints.isEmpty()) {
            throw new SubjectKeysUnavailableException("exledger.subject-keys.url is not set: this service has no "
                    + "access to the subjects' keys", null);
        }
        SubjectKeysUnavailableException last = null;
        int first = preferred.get();
        for (int i = 0; i < endpoints.size(); i++) {
            int at = (first + i) % endpoints.size();
            try {
                Map<String, SecretKey> keys = fetch(endpoints.get(at), subjects);
                preferred.set(at);
                return keys;
            } catch (InstanceDown e) {
                last = e;
            }
        }
        throw last;
    }

    private Map<String, SecretKey> fetch(URI uri, List<String> subjects) {
        try {
            HttpResponse<String> response = post(uri, subjects);
            if (response.statusCode() == 401) {
                // revoked or expired early: once more with a new token
                token.invalidate();
                response = post(uri, subjects);
            }
            if (response.statusCode() >= 500) {
                throw new InstanceDown("the ledger answered " + response.statusCode() + " to POST " + uri + ": "
                        + detail(response.body()), null);
            }
            if (response.statusCode() != 200) {
                throw new SubjectKeysUnavailableException("the ledger answered " + response.statusCode() + " to POST "
                        + uri + ": " + detail(response.body()), null);
            }
            return answer(response.body(), subjects);
        } catch (IOException e) {
            throw new InstanceDown("the ledger did not answer POST " + uri + " within " + TIMEOUT.toSeconds()
                    + " s: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SubjectKeysUnavailableException("interrupted while asking the ledger for keys", e);
        } catch (SubjectKeysUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // the token could not be had (the identity provider is down or refuses this client)
            throw new SubjectKeysUnavailableException("no access token for the ledger's subject keys: " + e, e);
        }
    }

    /** This instance of the ledger did not answer: another may. */
    private static final class InstanceDown extends SubjectKeysUnavailableException {
        InstanceDown(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private HttpResponse<String> post(URI uri, List<String> subjects) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request(subjects), StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static URI endpoint(String baseUrl) {
        String base = baseUrl.strip();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
    }

    /** Each subject once, in order; a malformed one is the caller's mistake, not an outage. */
    static Set<String> checked(Collection<String> subjects) {
        Set<String> asked = new LinkedHashSet<>();
        for (String subject : subjects) {
            if (subject == null || !PersonalFields.isContactId(subject)) {
                throw new IllegalArgumentException("a subject is a contactId, 64 lowercase hex characters, not "
                        + (subject == null ? "null" : "'" + subject + "'"));
            }
            asked.add(subject);
        }
        return asked;
    }

    static String request(List<String> subjects) {
        return Json.write(Map.of("subjects", subjects));
    }

    /**
     * The keys of an answer, one for each asked subject (null: erased); anything else (a subject missing, a key that
     * is not 32 bytes of base64) makes the whole answer unusable.
     */
    static Map<String, SecretKey> answer(String body, Collection<String> asked) {
        JsonNode keys;
        try {
            keys = Json.mapper().readTree(body).path("keys");
        } catch (IOException e) {
            throw new SubjectKeysUnavailableException("the ledger's answer is not JSON", e);
        }
        if (!keys.isObject()) {
            throw new SubjectKeysUnavailableException("the ledger's answer has no object 'keys'", null);
        }
        Map<String, SecretKey> found = new HashMap<>();
        List<String> unanswered = new ArrayList<>();
        for (String subject : asked) {
            JsonNode key = keys.get(subject);
            if (key == null) {
                unanswered.add(subject);
            } else if (key.isNull()) {
                found.put(subject, null);
            } else {
                found.put(subject, key(subject, key));
            }
        }
        if (!unanswered.isEmpty()) {
            throw new SubjectKeysUnavailableException("the ledger's answer lacks " + unanswered.size() + " of the "
                    + asked.size() + " subjects asked, e.g. " + unanswered.get(0), null);
        }
        return found;
    }

    private static SecretKey key(String subject, JsonNode key) {
        byte[] secret = null;
        if (key.isTextual()) {
            try {
                secret = Base64.getDecoder().decode(key.asText());
            } catch (IllegalArgumentException e) {
                secret = null;
            }
        }
        if (secret == null || secret.length != 32) {
            // the value itself is not repeated: it may be key material
            throw new SubjectKeysUnavailableException("the ledger's key for subject " + subject + " is not the base64 "
                    + "of 32 bytes", null);
        }
        return new SecretKeySpec(secret, "AES");
    }

    /** A problem's detail, or the start of whatever else the body is (no key is ever in a refusal). */
    private static String detail(String body) {
        try {
            JsonNode problem = Json.mapper().readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (IOException e) {
            // not JSON: the text itself, shortened below
        }
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
