package dev.exceptionledger.support;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code producer} field of every envelope this service writes: {@code name@version}. */
@ApplicationScoped
public class Producers {

    private final String producer;

    public Producers(@ConfigProperty(name = "quarkus.application.name") String name,
                     @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.producer = name + "@" + version;
    }

    public String producer() {
        return producer;
    }
}
