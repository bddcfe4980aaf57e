package dev.exceptionledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.exceptionledger.contracts.EventEnvelope;
import dev.exceptionledger.contracts.PersonalFields;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a service's events cross the broker: what it writes is sealed under the subject's key ({@link #seal}), what it
 * reads is opened ({@link #open}), so that no topic holds a personal value in clear and an erasure (the key destroyed)
 * reaches every record at once. Consumers wait out an unreachable key store, as they wait out their database; a
 * request path gets {@link SubjectKeysUnavailableException} and answers 503.
 * <p>
 * {@code exledger.sealing.enabled=false} only where no key store runs (a service's own module tests): then nothing is
 * sealed or opened.
 */
@ApplicationScoped
public class Sealing {

    private static final Logger LOG = Logger.getLogger(Sealing.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    /** Looked up only when enabled: a module test without a key store has no client configured. */
    private final Supplier<SubjectKeys> store;
    private final boolean enabled;

    @Inject
    public Sealing(Instance<SubjectKeys> store,
                   @ConfigProperty(name = "exledger.sealing.enabled", defaultValue = "true") boolean enabled) {
        this(store::get, enabled);
    }

    Sealing(Supplier<SubjectKeys> store, boolean enabled) {
        this.store = store;
        this.enabled = enabled;
    }

    /** Seals the personal values of these outgoing envelopes' payloads in place, asking the key store once. */
    public void seal(List<EventEnvelope> envelopes, boolean wait) {
        if (!enabled) {
            return;
        }
        Set<String> subjects = new HashSet<>();
        for (EventEnvelope envelope : envelopes) {
            if (PersonalFields.holdsAny(envelope.payload())) {
                if (envelope.subject() == null) {
                    throw new IllegalStateException(envelope.type() + " of " + envelope.interactionId()
                            + " holds personal values but names no subject to seal them for");
                }
                subjects.add(envelope.subject());
            }
        }
        if (subjects.isEmpty()) {
            return;
        }
        Map<String, SecretKey> found = wait ? waitFor(() -> store.get().keysFor(subjects)) : store.get().keysFor(subjects);
        for (EventEnvelope envelope : envelopes) {
            if (envelope.subject() != null) {
                PersonalSeal.sealAll(envelope.payload(), found.get(envelope.subject()));
            }
        }
    }

    /** {@link #seal(List, boolean)} of one envelope, on a request path: throws when the key store is unreachable. */
    public EventEnvelope seal(EventEnvelope envelope) {
        seal(List.of(envelope), false);
        return envelope;
    }

    /**
     * Opens the sealed values of these incoming envelopes' payloads in place, asking the key store once and waiting
     * for it while it is unreachable; values of an erased subject read {@link PersonalSeal#ERASED}.
     */
    public void open(Collection<EventEnvelope> envelopes) {
        open(envelopes.stream().map(envelope -> new Stored(envelope.subject(), envelope.payload())).toList(), true);
    }

    /**
     * Opens payloads a service kept sealed, as {@link #open(Collection)}, but throws
     * {@link SubjectKeysUnavailableException} when the key store is unreachable instead of waiting for it.
     */
    public void openStored(List<Stored> stored) {
        open(stored, false);
    }

    /** A payload and the subject its sealed values belong to (null: none). */
    public record Stored(String subject, JsonNode payload) {
    }

    private void open(List<Stored> stored, boolean wait) {
        if (!enabled) {
            return;
        }
        Set<String> subjects = new HashSet<>();
        for (Stored one : stored) {
            if (one.subject() != null && PersonalSeal.holdsSealed(one.payload())) {
                subjects.add(one.subject());
            }
        }
        if (subjects.isEmpty()) {
            return;
        }
        Map<String, SecretKey> found = wait ? waitFor(() -> store.get().keysFor(subjects))
                : store.get().keysFor(subjects);
        for (Stored one : stored) {
            if (subjects.contains(one.subject())) {
                PersonalSeal.openAll(one.payload(), found.get(one.subject()));
            }
        }
    }

    /**
     * A {@link WarmUp}'s rehearsal of {@link #seal} and {@link #open}: seals the personal values of these envelopes'
     * payloads under a key of its own, never stored, and opens them again, so that the cipher's code is compiled
     * before the first real record. The key store is not asked (a warm-up creates no key); the payloads end as they
     * began.
     */
    public static void rehearse(List<EventEnvelope> envelopes) {
        SecretKey key = PersonalSeal.newKey();
        for (EventEnvelope envelope : envelopes) {
            if (PersonalFields.holdsAny(envelope.payload())) {
                PersonalSeal.sealAll(envelope.payload(), key);
                PersonalSeal.openAll(envelope.payload(), key);
            }
        }
    }

    /** The subjects were erased: their keys are not to be used again, even from this process's memory. */
    public void forget(Collection<String> subjects) {
        if (enabled) {
            store.get().forget(subjects);
        }
    }

    private static <T> T waitFor(Supplier<T> call) {
        Duration pause = Duration.ofMillis(100);
        while (true) {
            try {
                return call.get();
            } catch (SubjectKeysUnavailableException e) {
                LOG.warnf("the key store is unavailable, retrying in %d ms: %s", pause.toMillis(), e.getMessage());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
