package dev.exceptionledger.routing;

import dev.exceptionledger.routing.domain.RoutingPolicy;
import dev.exceptionledger.routing.persistence.PolicyStore;
import dev.exceptionledger.support.DatabaseOutage;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy every decision uses, swapped atomically on activation: a decision uses one version from start to
 * end, and the next decision after an activation uses the new one. At start it is the active version in the
 * database; an empty database is seeded with the shipped default (deploy/policy/default.yaml, packaged on the
 * classpath), or with the file {@code routing.policy.default-file} names. An activation through another replica
 * is picked up by the next check of the database's active version ({@code routing.policy.refresh-every}).
 */
@Startup
@ApplicationScoped
public class ActivePolicy {

    private static final Logger LOG = Logger.getLogger(ActivePolicy.class);
    private static final String SHIPPED_DEFAULT = "policy/default.yaml";

    private final PolicyStore store;
    private final Optional<Path> defaultFile;
    private final AtomicReference<RoutingPolicy> current = new AtomicReference<>();

    public ActivePolicy(PolicyStore store,
                        @ConfigProperty(name = "routing.policy.default-file") Optional<Path> defaultFile) {
        this.store = store;
        this.defaultFile = defaultFile;
    }

    @PostConstruct
    void load() {
        Optional<String> active = store.activeDocument();
        if (active.isPresent()) {
            current.set(RoutingPolicy.parse(active.get()));
        } else {
            RoutingPolicy seed = RoutingPolicy.parse(defaultDocument());
            activate(seed, "routing-service (seeded default)");
        }
        LOG.infof("routing policy %s active", current.get().version());
    }

    public RoutingPolicy get() {
        return current.get();
    }

    @Scheduled(every = "${routing.policy.refresh-every}", delayed = "${routing.policy.refresh-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() {
        DatabaseOutage.skipWhileDown("policy check", this::refresh);
    }

    /**
     * Takes the database's active version if another replica activated one. Synchronized with {@link #activate},
     * so a check that read the database before this replica's activation cannot swap the older version back in.
     */
    synchronized void refresh() {
        Optional<String> active = store.activeVersion();
        if (active.isEmpty() || active.get().equals(current.get().version())) {
            return;
        }
        String document = store.document(active.get()).orElseThrow();
        current.set(RoutingPolicy.parse(document));
        LOG.infof("routing policy %s active (activated through another replica)", active.get());
    }

    /** Stores and activates a validated policy; the swap happens only once the database recorded it. */
    public synchronized PolicyStore.Activation activate(RoutingPolicy policy, String by) {
        PolicyStore.Activation result = store.activate(policy.version(), policy.document(), by);
        if (result != PolicyStore.Activation.VERSION_CONFLICT) {
            current.set(policy);
        }
        return result;
    }

    /** The shipped default document (the configured file if set, else the copy packaged on the classpath). */
    private String defaultDocument() {
        try {
            if (defaultFile.isPresent()) {
                return Files.readString(defaultFile.get(), StandardCharsets.UTF_8);
            }
            try (InputStream in = ActivePolicy.class.getClassLoader().getResourceAsStream(SHIPPED_DEFAULT)) {
                if (in == null) {
                    throw new IllegalStateException(SHIPPED_DEFAULT + " is missing from the classpath");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default routing policy", e);
        }
    }
}
